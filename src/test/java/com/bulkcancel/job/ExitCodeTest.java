package com.bulkcancel.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.bulkcancel.input.UnusableInputException;
import com.bulkcancel.launch.InvalidInvocationException;
import com.bulkcancel.provider.RunStoppedException;
import com.bulkcancel.provider.StopSignal;
import com.bulkcancel.report.InputChangedException;

/**
 * The one map from failure to exit code, as a table: every exception the command can end with and every reason to
 * stop a run. (A setting that does not bind, Boot's BindException, is exit 2 through the real command in
 * InvalidInvocationTest.)
 */
class ExitCodeTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new InvalidInvocationException("no input"), ExitCode.INVALID),
                Arguments.of(new UnusableInputException("input is empty"), ExitCode.INVALID),
                Arguments.of(new BusyException("another run holds this input"), ExitCode.BUSY),
                Arguments.of(new SQLException("Database may be already in use", "90020"), ExitCode.BUSY),
                Arguments.of(new SQLException("connection refused", "08001"), ExitCode.INTERRUPTED),
                Arguments.of(new InputChangedException(Path.of("r.csv"), "line 2"), ExitCode.INTERRUPTED),
                Arguments.of(new IllegalStateException("anything else"), ExitCode.INTERRUPTED),
                Arguments.of(new RunStoppedException(StopSignal.Reason.TOKEN_REFUSED), ExitCode.TOKEN_REFUSED),
                Arguments.of(new RunStoppedException(StopSignal.Reason.OUTAGE), ExitCode.INTERRUPTED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("failures")
    void eachFailureMapsToItsExitCodeAlsoWhenWrapped(Exception failure, ExitCode expected) {
        assertThat(ExitCode.of(failure)).isEqualTo(expected);
        assertThat(ExitCode.of(new IllegalStateException("wrapped", new RuntimeException(failure))))
                .as("found in the cause chain")
                .isEqualTo(expected);
    }

    @Test
    void everyReasonToStopARunHasItsExitCode() {
        Map<StopSignal.Reason, ExitCode> expected = new EnumMap<>(StopSignal.Reason.class);
        expected.put(StopSignal.Reason.TOKEN_REFUSED, ExitCode.TOKEN_REFUSED);
        expected.put(StopSignal.Reason.WRONG_ENVIRONMENT, ExitCode.INVALID);
        expected.put(StopSignal.Reason.OUTAGE, ExitCode.INTERRUPTED);
        expected.put(StopSignal.Reason.SHUTDOWN, ExitCode.INTERRUPTED);
        expected.put(StopSignal.Reason.RECORD_FAILED, ExitCode.INTERRUPTED);
        expected.put(StopSignal.Reason.STALLED, ExitCode.INTERRUPTED);
        expected.put(StopSignal.Reason.LOCK_LOST, ExitCode.INTERRUPTED);
        expected.put(StopSignal.Reason.CONFIGURATION, ExitCode.INVALID);
        expected.put(StopSignal.Reason.UNREACHABLE, ExitCode.INTERRUPTED);

        assertThat(expected.keySet())
                .as("the table covers every reason")
                .containsExactlyInAnyOrder(StopSignal.Reason.values());
        expected.forEach((reason, code) ->
                assertThat(ExitCode.of(reason)).as(reason.name()).isEqualTo(code));
        expected.forEach((reason, code) -> assertThat(ExitCode.of(new RunStoppedException(reason)))
                .as("thrown: " + reason)
                .isEqualTo(code));
    }

    @Test
    void theFirstExceptionThatSaysSomethingDecides() {
        Exception busyInsideInvalid = new InvalidInvocationException("refused");
        busyInsideInvalid.initCause(new BusyException("held"));

        assertThat(ExitCode.of(busyInsideInvalid)).isEqualTo(ExitCode.INVALID);
    }
}
