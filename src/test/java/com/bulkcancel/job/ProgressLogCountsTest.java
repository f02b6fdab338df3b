package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.RowOutcome;
import com.bulkcancel.provider.CallTally;

/**
 * The progress line reads neither the input nor the outcome table while the step runs: its total is the record
 * count of the pass before the run (a job parameter), and its counts are kept in memory from one query at the
 * step's start (earlier runs of a resumed instance) and every outcome recorded since.
 */
class ProgressLogCountsTest {

    static final long INSTANCE = 7;

    @TempDir
    Path dir;

    SingleConnectionDataSource dataSource;
    final List<String> countQueries = new ArrayList<>();
    OutcomeStore store;

    @BeforeEach
    void jobDatabase() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("jobs"), "sa", "", true);
        new ResourceDatabasePopulator(new ClassPathResource("db/schema-h2.sql")).execute(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        store = new OutcomeStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource)) {
            @Override
            public Map<Outcome, Long> counts(long jobInstanceId) {
                synchronized (countQueries) {
                    countQueries.add(Thread.currentThread().getName());
                }
                return super.counts(jobInstanceId);
            }
        };
    }

    static String uuid(int i) {
        return String.format("00000000-0000-4000-8000-%012d", i);
    }

    static RowOutcome outcome(int line, Outcome outcome) {
        return new RowOutcome(
                line,
                uuid(line),
                outcome,
                outcome == Outcome.FAILED ? null : 202,
                null,
                1,
                false,
                Instant.now(),
                null,
                outcome == Outcome.FAILED,
                outcome == Outcome.FAILED ? 1 : 0);
    }

    StepExecution step(Path input, long records) {
        return new StepExecution(
                1,
                "cancel",
                new JobExecution(
                        1,
                        new JobInstance(INSTANCE, "bulkCancel"),
                        new JobParametersBuilder()
                                .addString(JobIdentity.INPUT, input.toString())
                                .addLong(JobIdentity.RECORDS, records, false)
                                .toJobParameters()));
    }

    @Test
    void theTotalIsThePrePassCountTheInputIsNotOpenedAgain() {
        // The file is gone by the time the step starts: a progress log that read it would fail here.
        Path gone = dir.resolve("moved-away.csv");
        ProgressLog progress = new ProgressLog(store, new CallTally(), Duration.ofMinutes(1), System::nanoTime);
        StepExecution step = step(gone, 1234);

        progress.beforeStep(step);
        String line = progress.line(false);
        progress.afterStep(step);

        assertThat(line).startsWith("Progress: 0/1234 rows (0.0%)");
    }

    @Test
    void afterAResumeTheCountsIncludeEarlierRunsAndMoveWithWhatIsRecordedWithoutCountingTheTableAgain()
            throws Exception {
        Path input = dir.resolve("in.csv");
        StringBuilder csv = new StringBuilder("reservation_uuid\n");
        for (int i = 1; i <= 10; i++) {
            csv.append(uuid(i)).append('\n');
        }
        Files.writeString(input, csv);
        // Earlier runs of this instance: 3 cancelled, 1 failed for a transient reason (sent again by this run).
        store.record(
                INSTANCE,
                List.of(
                        outcome(2, Outcome.CANCELLED),
                        outcome(3, Outcome.CANCELLED),
                        outcome(4, Outcome.CANCELLED),
                        outcome(5, Outcome.FAILED)),
                List.of());
        store.record(INSTANCE + 1, List.of(outcome(2, Outcome.NOT_FOUND)), List.of()); // another input's line
        countQueries.clear();
        ProgressLog progress = new ProgressLog(store, new CallTally(), Duration.ofMillis(20), System::nanoTime);
        StepExecution step = step(input, 10);

        progress.beforeStep(step);
        assertThat(progress.line(false))
                .startsWith("Progress: 4/10 rows (40.0%)")
                .endsWith("; CANCELLED 3, FAILED 1");

        // This run: the FAILED line cancelled on its retry, two new lines, one decided from the input.
        store.record(
                INSTANCE,
                List.of(outcome(6, Outcome.NOT_FOUND), outcome(7, Outcome.CANCELLED)),
                List.of(outcome(5, Outcome.CANCELLED)));
        store.openChunk(
                INSTANCE,
                List.of(RowOutcome.decidedFromInput(8, null, Outcome.INVALID_INPUT, "not a UUID", Instant.now())),
                8,
                8);
        store.record(INSTANCE + 1, List.of(outcome(3, Outcome.NOT_FOUND)), List.of()); // not this run's
        Thread.sleep(300); // some fifteen intervals
        String now = progress.line(false);
        progress.afterStep(step);

        assertThat(now).startsWith("Progress: 7/10 rows (70.0%)");
        assertThat(counts(now)).isEqualTo(Map.of("CANCELLED", 5L, "NOT_FOUND", 1L, "INVALID_INPUT", 1L));
        assertThat(store.counts(INSTANCE))
                .containsOnly(
                        Map.entry(Outcome.CANCELLED, 5L),
                        Map.entry(Outcome.NOT_FOUND, 1L),
                        Map.entry(Outcome.INVALID_INPUT, 1L)); // what the table says
        countQueries.remove(countQueries.size() - 1); // the check just above
        assertThat(countQueries)
                .as("threads that counted the outcome table while the step ran")
                .containsExactly(Thread.currentThread().getName()); // once, at the step's start
    }

    /** "...; CANCELLED 5, NOT_FOUND 1" -> {CANCELLED=5, NOT_FOUND=1} */
    static Map<String, Long> counts(String line) {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (String part : line.substring(line.indexOf("; ") + 2).split(", ")) {
            String[] kv = part.split(" ");
            counts.put(kv[0], Long.parseLong(kv[1]));
        }
        return counts;
    }
}
