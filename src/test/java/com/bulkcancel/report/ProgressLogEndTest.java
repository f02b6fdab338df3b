package com.bulkcancel.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.flywaydb.core.Flyway;
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

import com.bulkcancel.input.CsvFormat;
import com.bulkcancel.job.JobIdentity;
import com.bulkcancel.job.ProgressLog;
import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.RowOutcome;
import com.bulkcancel.provider.CallTally;

/**
 * The step can end while a progress line's count query runs. Interrupting that query would close H2's file
 * channel and with it the job database (seen in the benchmark: the run ended exit 1, "The database has been
 * closed"), so the progress log lets the query finish.
 */
class ProgressLogEndTest {

    @TempDir
    Path dir;

    @Test
    void theStepEndingDuringAProgressQueryNeitherInterruptsItNorClosesTheDatabase() throws Exception {
        // One connection throughout: a database closed under it stays closed (a new connection would reopen it).
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("jobs"),
                "sa", "", true);
        new ResourceDatabasePopulator(new ClassPathResource("db/schema-h2.sql")).execute(dataSource);
        Flyway.configure().dataSource(dataSource).baselineOnMigrate(true).baselineVersion("0").load()
                .migrate();
        CountDownLatch queryRunning = new CountDownLatch(1);
        CountDownLatch letQueryFinish = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        OutcomeStore store = new OutcomeStore(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource)) {
            @Override
            public Map<Outcome, Long> counts(long jobInstanceId) {
                if (Thread.currentThread().getName().equals("progress-log")) {
                    queryRunning.countDown();
                    try {
                        letQueryFinish.await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        Thread.currentThread().interrupt(); // what H2's FileChannel would then see
                    }
                }
                return super.counts(jobInstanceId);
            }
        };
        store.record(7, List.of(new RowOutcome(2, "00000000-0000-4000-8000-000000000001", Outcome.CANCELLED, 202,
                "ok", 1, false, java.time.Instant.now(), null)), List.of());
        Path input = Files.writeString(dir.resolve("in.csv"), "reservation_uuid\n00000000-0000-4000-8000-000000000001\n");
        ProgressLog progress = new ProgressLog(store, new CallTally(), CsvFormat.defaults(), Duration.ofMillis(20),
                System::nanoTime);
        StepExecution step = new StepExecution(1, "cancel", new JobExecution(1, new JobInstance(7, "bulk-cancel"),
                new JobParametersBuilder().addString(JobIdentity.INPUT, input.toString()).toJobParameters()));

        progress.beforeStep(step);
        assertThat(queryRunning.await(10, TimeUnit.SECONDS)).as("a progress query started").isTrue();
        CompletableFuture<Void> stepEnd = CompletableFuture.runAsync(() -> progress.afterStep(step));
        Thread.sleep(200);
        assertThat(stepEnd).as("the step waits for the running query").isNotDone();
        letQueryFinish.countDown();
        stepEnd.get(10, TimeUnit.SECONDS);

        assertThat(interrupted).as("the progress query was interrupted").isFalse();
        assertThat(store.counts(7)).containsEntry(Outcome.CANCELLED, 1L); // the database is still open
    }
}
