package com.bulkcancel.job;

import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.batch.core.BatchStatus;

import com.bulkcancel.outcomes.Outcome;

/**
 * The tombstone of a finished run that {@code cancel.retention} deleted from the job database: enough to answer a
 * rerun of the same file ("completed on …", nothing sent, the exit code it had) and to list it in
 * {@code --cancel.history}. Its outcome rows and Spring Batch metadata are gone.
 *
 * @param instanceId      the job instance whose lines the run recorded
 * @param baseUrl         as the run recorded it
 * @param reading         how the run read its file ({@link RunPlanner#READING}); null if not recorded
 * @param status          COMPLETED or ABANDONED
 * @param lastExecutionId the run's newest job execution (its place among the runs still kept)
 */
public record PrunedRun(
        long instanceId,
        String input,
        String inputSha256,
        String baseUrl,
        long generation,
        String reading,
        BatchStatus status,
        Map<Outcome, Long> counts,
        String results,
        String exitDescription,
        long lastExecutionId,
        LocalDateTime started,
        LocalDateTime ended) {

    /** 3 when some row ended FAILED, else 0: as {@link RunEnding#completed} said while the run was kept. */
    public ExitCode exitCode() {
        return counts.getOrDefault(Outcome.FAILED, 0L) > 0 ? ExitCode.COMPLETED_WITH_FAILURES : ExitCode.COMPLETED;
    }

    static String countsText(Map<Outcome, Long> counts) {
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().name() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    static Map<Outcome, Long> countsOf(String text) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        if (text == null || text.isBlank()) {
            return counts;
        }
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            counts.put(Outcome.valueOf(kv[0].trim()), Long.parseLong(kv[1].trim()));
        }
        return counts;
    }
}
