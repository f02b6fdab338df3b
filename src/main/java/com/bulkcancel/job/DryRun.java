package com.bulkcancel.job;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

import com.bulkcancel.input.CheckedRow;
import com.bulkcancel.input.InputSettings;
import com.bulkcancel.input.InputSurvey;
import com.bulkcancel.input.ReservationCheck;
import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.RowOutcome;
import com.bulkcancel.report.ReportFiles;
import com.bulkcancel.report.ResultsFile;

/**
 * {@code --cancel.dry-run}: reads and checks the whole file like a real run and writes the results file with
 * WOULD_CANCEL, INVALID_INPUT or DUPLICATE per line. Sends nothing, needs no token or base URL, and leaves no job
 * instance behind (it never starts the job, and its context uses a throw-away in-memory database).
 */
@Component
public class DryRun {

    private static final Logger log = LoggerFactory.getLogger(DryRun.class);

    private final RunSettings run;
    private final InputSettings input;
    private final ResultsFile resultsFile;
    private final CommandOutput output;

    public DryRun(RunSettings run, InputSettings input, ResultsFile resultsFile, CommandOutput output) {
        this.run = run;
        this.input = input;
        this.resultsFile = resultsFile;
        this.output = output;
    }

    /**
     * Points the dry run's context at a private in-memory database, so it neither needs nor touches the job
     * database (which another run may hold, or which may be a PostgreSQL server out of reach).
     */
    public static void useThrowAwayDatabase(ConfigurableEnvironment environment) {
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "dryRunDatabase",
                        Map.of(
                                "spring.datasource.url", "jdbc:h2:mem:bulk-cancel-dry-run-" + UUID.randomUUID(),
                                "spring.datasource.driver-class-name", "org.h2.Driver",
                                "spring.datasource.username", "sa",
                                "spring.datasource.password", "")));
    }

    /** @param inputFile an existing, readable file (checked by the runner) */
    public ExitCode run(Path inputFile) {
        InputSurvey usable = InputSurvey.survey(inputFile, input);
        Path results = run.dryRunOutputFor(inputFile);
        ReservationCheck check = new ReservationCheck(input.validator());
        check.use(usable.duplicates());
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        long rows = resultsFile
                .render(
                        record -> {
                            RowOutcome outcome = outcomeOf(check.process(record));
                            counts.merge(outcome.outcome(), 1L, Long::sum);
                            return outcome;
                        },
                        inputFile,
                        input.format(),
                        input.validator(),
                        ReportFiles.of(results))
                .rows();

        String summary = Stream.of(Outcome.WOULD_CANCEL, Outcome.INVALID_INPUT, Outcome.DUPLICATE)
                .map(o -> o + " " + counts.getOrDefault(o, 0L))
                .collect(Collectors.joining(", "));
        log.info("Dry run of {}: {} rows ({}); nothing sent. Results: {}", inputFile, rows, summary, results);
        output.out().println("Dry run: nothing was sent. " + rows + " rows: " + summary);
        output.out().println("Results: " + results);
        return ExitCode.COMPLETED;
    }

    private static RowOutcome outcomeOf(CheckedRow row) {
        if (row instanceof CheckedRow.Refused refused) {
            return new RowOutcome(
                    row.line(), row.reservationUuid(), refused.outcome(), null, null, 0, false, null, refused.reason());
        }
        return new RowOutcome(
                row.line(), row.reservationUuid(), Outcome.WOULD_CANCEL, null, null, 0, false, null, null);
    }
}
