package com.bulkcancel.report;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

import com.bulkcancel.input.InputSettings;
import com.bulkcancel.outcomes.OutcomeInstance;

/**
 * The report step: renders the results file and the retry file from the outcome table. Idempotent, so a rerun
 * renders them whole. Only once the files are on disk (forced, moved, directory forced) is "written" logged. If
 * the input is no longer the file that was sent, the step fails and the run stays unfinished. The summary is
 * written after the run by the job's RunSummary, once the exit code is known. The job parameters it needs (the
 * input, its SHA-256, the results path) come in through the step-scoped bean that builds it.
 */
public class ReportTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(ReportTasklet.class);

    private final ResultsFile resultsFile;
    private final InputSettings input;
    private final Path inputPath;
    private final String inputSha256;
    private final Path results;

    public ReportTasklet(
            ResultsFile resultsFile, InputSettings input, Path inputPath, String inputSha256, Path results) {
        this.resultsFile = resultsFile;
        this.input = input;
        this.inputPath = inputPath;
        this.inputSha256 = inputSha256;
        this.results = results;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        ReportFiles files = ReportFiles.of(results);
        ResultsFile.Rendered rendered = resultsFile.render(
                OutcomeInstance.of(jobExecution), inputSha256, inputPath, input.format(), input.validator(), files);
        log.info("Results: {} rows written to {}", rendered.rows(), files.results());
        if (rendered.retryRows() > 0) {
            log.info(
                    "Retry file: {} FAILED rows, in the input's own format, written to {}",
                    rendered.retryRows(),
                    files.retry());
        }
        return RepeatStatus.FINISHED;
    }
}
