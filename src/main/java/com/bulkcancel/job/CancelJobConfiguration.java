package com.bulkcancel.job;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.bulkcancel.input.CheckedRow;
import com.bulkcancel.input.InputRecord;
import com.bulkcancel.input.InputSettings;
import com.bulkcancel.input.ReservationCheck;
import com.bulkcancel.input.ReservationItemReader;
import com.bulkcancel.launch.CommandOutput;
import com.bulkcancel.outcomes.OutcomeInstance;
import com.bulkcancel.outcomes.OutcomeStore;
import com.bulkcancel.outcomes.ReservationLedger;
import com.bulkcancel.provider.CallSettings;
import com.bulkcancel.provider.CallTally;
import com.bulkcancel.provider.CancelDispatcherFactory;
import com.bulkcancel.provider.CancelWriter;
import com.bulkcancel.provider.FrontpaymentSettings;
import com.bulkcancel.provider.StopSignal;
import com.bulkcancel.report.FileSync;
import com.bulkcancel.report.ReportSettings;
import com.bulkcancel.report.ReportTasklet;
import com.bulkcancel.report.ResultsFile;

/**
 * Wiring only: the cancel step (read, check, call and record, with a progress log) and the report step (render the
 * results and retry files); the end-of-run summary and the run history.
 */
@Configuration(proxyBeanMethods = false)
public class CancelJobConfiguration {

    public static final String JOB_NAME = "bulkCancel";

    @Bean
    Job bulkCancelJob(JobRepository jobRepository, Step cancelStep, Step reportStep, ObservationRegistry observations) {
        // Spring Batch's own job and step timers (spring.batch.job, spring.batch.step) go to the run's meters.
        return new JobBuilder(JOB_NAME, jobRepository)
                .observationRegistry(observations)
                .start(cancelStep)
                .next(reportStep)
                .build();
    }

    @Bean
    Step cancelStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            ReservationItemReader reservationReader,
            ReservationCheck reservationCheck,
            CancelWriter cancelWriter,
            ProgressLog progressLog,
            RunSettings run,
            CallSettings calls,
            ObservationRegistry observations) {
        return new StepBuilder("cancel", jobRepository)
                        .observationRegistry(observations)
                        .<InputRecord, CheckedRow>chunk(run.chunkSize(calls.ratePerSecond(), calls.maxInFlight()))
                        .transactionManager(transactionManager)
                        .reader(reservationReader)
                        .processor(reservationCheck)
                        .writer(cancelWriter)
                        .stream(reservationCheck)
                        .listener(cancelWriter)
                        .listener(progressLog)
                        .build();
    }

    @Bean
    Step reportStep(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            ReportTasklet reportTasklet,
            ObservationRegistry observations) {
        return new StepBuilder("report", jobRepository)
                .observationRegistry(observations)
                .tasklet(reportTasklet, transactionManager)
                .allowStartIfComplete(true)
                .build();
    }

    @Bean
    @StepScope
    ReservationItemReader reservationReader(@Value("#{jobParameters['input']}") String input, InputSettings settings) {
        ReservationItemReader reader = new ReservationItemReader(Path.of(input), settings.format());
        // A resumed run reads from the first line, not after the last committed chunk: FAILED lines of committed
        // chunks are sent again too (the writer skips every line already decided).
        reader.setSaveState(false);
        return reader;
    }

    @Bean
    @StepScope
    ReportTasklet reportTasklet(
            ResultsFile resultsFile,
            InputSettings input,
            @Value("#{jobParameters['" + JobIdentity.INPUT + "']}") String inputPath,
            @Value("#{jobParameters['" + JobIdentity.INPUT_SHA256 + "']}") String inputSha256,
            @Value("#{jobParameters['" + JobIdentity.RESULTS + "']}") String results) {
        return new ReportTasklet(resultsFile, input, Path.of(inputPath), inputSha256, Path.of(results));
    }

    @Bean
    ReservationCheck reservationCheck(InputSettings settings) {
        return new ReservationCheck(settings.validator());
    }

    @Bean
    CancelWriter cancelWriter(
            OutcomeStore outcomes,
            CancelDispatcherFactory dispatchers,
            StopSignal stop,
            Clock clock,
            CallSettings calls,
            ReservationLedger ledger,
            DataSourceProperties database,
            FrontpaymentSettings provider) {
        String url = database.getUrl() == null ? "" : database.getUrl();
        ReservationLedger.Liveness liveness = RunLock.isEmbeddedH2(url)
                ? ReservationLedger.Liveness.EMBEDDED
                : url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length())
                        ? ReservationLedger.Liveness.HEARTBEAT
                        : ReservationLedger.Liveness.STATUS;
        return new CancelWriter(
                outcomes,
                dispatchers,
                stop,
                clock,
                calls.maxRunsPerRow(),
                ledger,
                liveness,
                RunLock.deadAfter(provider.callTimeout()),
                CancelJobConfiguration::claimant);
    }

    /** Who claims reservations in the ledger: this run's environment, instance, execution and input. */
    private static ReservationLedger.Claimant claimant(StepExecution step) {
        JobParameters parameters = step.getJobExecution().getJobParameters();
        String input = parameters.getString(JobIdentity.INPUT);
        return new ReservationLedger.Claimant(
                JobIdentity.normalise(parameters.getString(JobIdentity.BASE_URL)),
                OutcomeInstance.of(step.getJobExecution()),
                step.getJobExecutionId(),
                RunLock.advisoryKey(input),
                input,
                parameters.getString(JobIdentity.INPUT_SHA256));
    }

    @Bean
    ResultsFile resultsFile(OutcomeStore outcomes) {
        return new ResultsFile(outcomes, FileSync.DISK);
    }

    @Bean
    ProgressLog progressLog(OutcomeStore outcomes, CallTally calls, ReportSettings report) {
        return new ProgressLog(outcomes, calls, report.progressInterval(), System::nanoTime);
    }

    @Bean
    RunSummary runSummary(OutcomeStore outcomes, CallTally calls, CommandOutput output) {
        return new RunSummary(outcomes, calls, output, FileSync.DISK);
    }

    @Bean
    RunHistory runHistory(
            JobRepository jobRepository,
            JdbcTemplate jdbc,
            OutcomeStore outcomes,
            PrunedRuns pruned,
            CommandOutput output) {
        return new RunHistory(jobRepository, jdbc, outcomes, pruned, output);
    }
}
