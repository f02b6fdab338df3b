package com.bulkcancel.input;

import static com.bulkcancel.input.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class ReservationItemReaderTest {

    @TempDir
    Path dir;

    @Test
    void restartContinuesAfterTheLastSavedRecordWithItsLineNumber() throws Exception {
        StringBuilder csv = new StringBuilder("reservation_uuid,note\n");
        for (int i = 1; i <= 6; i++) {
            csv.append(String.format("00000000-0000-4000-8000-%012d,note %d\n", i, i));
            if (i == 2) {
                csv.append("\n"); // a blank record takes a line number but is not an item
            }
        }
        Path file = write(dir, csv.toString());
        ExecutionContext context = new ExecutionContext();

        ReservationItemReader first = new ReservationItemReader(file, CsvFormat.defaults());
        first.open(context);
        for (int i = 0; i < 3; i++) {
            first.read();
        }
        first.update(context);
        first.close();

        assertThat(context.getInt("reservationReader.read.count")).isEqualTo(3);
        ReservationItemReader rerun = new ReservationItemReader(file, CsvFormat.defaults());
        rerun.open(context);
        InputRecord fourth = rerun.read();
        rerun.close();

        assertThat(fourth.note()).isEqualTo("note 4");
        assertThat(fourth.line()).isEqualTo(5);
    }

    @Test
    void readsNullAtEndOfFile() throws Exception {
        ReservationItemReader reader = new ReservationItemReader(write(dir, "uuid\nx\n"), CsvFormat.defaults());
        reader.open(new ExecutionContext());

        assertThat(reader.read().reservationUuid()).isEqualTo("x");
        assertThat(reader.read()).isNull();
        reader.close();
    }
}
