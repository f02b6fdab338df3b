package com.bulkcancel.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.bulkcancel.CancelCommand;
import com.bulkcancel.ResultsCsv;
import com.bulkcancel.SimulatedProviderTest;

/**
 * A file read with the wrong settings yields nothing to send: it is refused before any run exists, so the
 * corrected command simply runs; and a completed run read otherwise is not passed off as this command's answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class NothingToSendTest extends SimulatedProviderTest {

    static final String A = "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a01";
    static final String B = "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a02";

    /** Excel's Norwegian export: windows-1252, semicolons, an "ø" in every note. */
    private Path windows1252Export() throws Exception {
        Path file = dir.resolve("export.csv");
        Files.writeString(
                file,
                "reservation_uuid;note\r\n" + A + ";Avlyst på grunn av vær\r\n" + B + ";Kunden ønsket det\r\n",
                Charset.forName("windows-1252"));
        return file;
    }

    @Test
    void aWindows1252ExportReadAsUtf8IsRefusedBeforeAnyRunAndTheCorrectedCommandRuns(CapturedOutput console)
            throws Exception {
        provider.reservation(A).reservation(B);
        Path file = windows1252Export();

        CancelCommand.Result wrong = command.run("--cancel.input=" + file);

        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err().lines()).hasSize(1);
        assertThat(wrong.err())
                .contains("none of its 2 rows can be sent", "bytes not valid in UTF-8", "--cancel.csv.encoding");
        assertThat(provider.requests()).isEmpty();
        assertThat(jobInstances()).isZero();

        CancelCommand.Result corrected = command.run("--cancel.input=" + file, "--cancel.csv.encoding=windows-1252");

        assertThat(corrected.exitCode()).as(corrected.err()).isZero();
        assertThat(provider.requestsFor(A)).isEqualTo(1);
        assertThat(provider.requestsFor(B)).isEqualTo(1);
    }

    @Test
    void aFileOfBlankNotesNamesTheDefaultNoteOption() throws Exception {
        Path file = dir.resolve("blank.csv");
        Files.writeString(file, "reservation_uuid,note\n" + A + ",\n" + B + ", \n");

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err())
                .contains("none of its 2 rows can be sent", "line 1: note is blank", "--cancel.default-note");
        assertThat(provider.requests()).isEmpty();
    }

    @Test
    void aCompletedRunReadWithOtherSettingsIsNotReportedAsThisCommandsAnswer() throws Exception {
        provider.reservation(A).reservation(B);
        Path file = dir.resolve("r.csv");
        Files.writeString(file, "reservation_uuid,note\n" + A + ",\n" + B + ",x\n");
        assertThat(command.run("--cancel.input=" + file).exitCode()).isZero(); // line 1 INVALID_INPUT: blank note

        CancelCommand.Result withDefaultNote = command.run("--cancel.input=" + file, "--cancel.default-note=Avlyst");

        assertThat(withDefaultNote.exitCode()).isEqualTo(2);
        assertThat(withDefaultNote.err())
                .contains("this file was completed on", "--cancel.new-run")
                .doesNotContain("already completed");
        assertThat(provider.requestsFor(A)).isZero();
    }

    @Test
    void anInvalidRowWithAnUndecodableNoteStillShowsItsUuid() throws Exception {
        provider.reservation(B);
        Path file = dir.resolve("mixed.csv");
        byte[] badNote = "Avlyst p\u00e5 grunn".getBytes(Charset.forName("windows-1252"));
        try (var out = Files.newOutputStream(file)) {
            out.write(("reservation_uuid,note\n" + A + ",").getBytes(StandardCharsets.US_ASCII));
            out.write(badNote);
            out.write(("\n" + B + ",x\n").getBytes(StandardCharsets.US_ASCII));
        }

        CancelCommand.Result result = command.run("--cancel.input=" + file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<Map<String, String>> rows = ResultsCsv.read(dir.resolve("mixed.results.csv"));
        Map<String, String> bad = ResultsCsv.line(rows, 1);
        assertThat(bad.get("outcome")).isEqualTo("INVALID_INPUT");
        assertThat(bad.get("reservation_uuid")).isEqualTo(A);
        assertThat(bad.get("note")).startsWith("Avlyst p");
        assertThat(provider.requestsFor(A)).isZero();
    }

    private long jobInstances() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM BATCH_JOB_INSTANCE")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
