package com.bulkcancel.provider;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.bulkcancel.outcomes.Outcome;
import com.bulkcancel.outcomes.OutcomeRecorder;
import com.bulkcancel.outcomes.RowOutcome;

/**
 * Runs cancel calls under the rate limit, at most {@code max-in-flight} of them on the wire at once. A worker
 * sends one attempt, classifies the answer, and either records the line's final outcome (and waits until it is
 * durable before taking another call) or hands the line to a timer that queues its next attempt after the
 * backoff, so a line waiting to retry holds no worker. There are as many workers as calls allowed in flight, so
 * a crash can lose at most the answers of the calls in flight (received or not, not yet committed).
 *
 * <p>A run's first call goes alone: the others wait until its row is decided, or one of its attempts reached the
 * server (a 5xx is then retried as any row's, the others going on). A refused token
 * then costs one call rather than max-in-flight of them, a mistaken command or an unreachable server ends the run
 * on that row ({@link FirstCallCheck}), and the client's first-call warm-up (class loading,
 * first connection) cannot hold back a few permitted calls and let them reach the provider in a bunch.
 *
 * <p>It also notes when the run last moved (a call started or finished, an outcome was recorded) and what each
 * unfinished line waits for, so a run in which nothing moves can stop and say why ({@link #stalled()}).
 */
public final class CancelDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CancelDispatcher.class);

    private final FrontpaymentClient client;
    private final ResponseClassifier classifier;
    private final CallSettings settings;
    private final RequestPacer pacer;
    private final Backoff backoff;
    private final OutcomeRecorder recorder;
    private final StopSignal stop;
    private final Clock clock;
    private final CallTally tally;
    private final FirstCallCheck firstCall;
    private final ExecutorService workers;
    private final ScheduledExecutorService retryTimer;
    private final AtomicInteger consecutiveFailed = new AtomicInteger();
    private final Map<CancelCall, ScheduledFuture<?>> waitingToRetry = new ConcurrentHashMap<>();
    private final WrongEnvironmentBrake brake;
    private final AtomicBoolean firstCallTaken = new AtomicBoolean();
    private final CountDownLatch firstCallAnswered = new CountDownLatch(1);
    private final Set<CancelCall> unfinished = ConcurrentHashMap.newKeySet();
    private volatile long lastMoved = System.nanoTime();

    public CancelDispatcher(
            FrontpaymentClient client,
            ResponseClassifier classifier,
            CallSettings settings,
            RequestPacer pacer,
            Backoff backoff,
            OutcomeRecorder recorder,
            StopSignal stop,
            Clock clock,
            CallTally tally,
            WrongEnvironmentBrake brake) {
        this.tally = tally;
        this.brake = brake;
        this.client = client;
        this.classifier = classifier;
        this.settings = settings;
        this.pacer = pacer;
        this.backoff = backoff;
        this.recorder = recorder;
        this.stop = stop;
        this.clock = clock;
        this.firstCall = new FirstCallCheck(classifier, client.address(), client.proxy());
        this.workers = Executors.newFixedThreadPool(settings.maxInFlight(), DaemonThreads.numbered("cancel-call-"));
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("cancel-retry-"));
    }

    /**
     * @param prior           what earlier runs recorded for the line (a FAILED outcome), or null
     * @param sentByKilledRun a killed run may have had this line's call in flight
     * @return the line's recorded outcome once it is durable, or null if the run stopped before sending it
     */
    public CompletableFuture<RowOutcome> dispatch(
            long line, String reservationUuid, String note, RowOutcome prior, boolean sentByKilledRun) {
        CancelCall call = new CancelCall(line, reservationUuid, note, prior, sentByKilledRun);
        // Decided here, in dispatch order, so the run's first line really is the one that goes alone.
        call.first = firstCallTaken.compareAndSet(false, true);
        unfinished.add(call);
        call.result.whenComplete((outcome, failure) -> unfinished.remove(call));
        moved();
        workers.execute(() -> attempt(call));
        return call.result;
    }

    private void attempt(CancelCall call) {
        // The others wait until the first row is decided, or one of its attempts reached the server (then its
        // retries are an outage's, handled as any row's): a retry cannot fix an address that is wrong.
        boolean settled = true;
        try {
            if (!call.first) {
                call.waitingFor = "the answer to the run's first call";
                firstCallAnswered.await();
            }
            RowOutcome decided = stop.isRaised() ? giveUp(call) : sendAndDecide(call);
            settled = decided != null || call.result.isDone() || call.sentThisRun > 0;
            if (decided != null) {
                record(call, decided);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RowOutcome decided = giveUp(call);
            if (decided != null) {
                record(call, decided);
            }
        } catch (RuntimeException | Error e) {
            call.result.completeExceptionally(e); // never leave the writer waiting on this line
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            if (call.first && settled) {
                firstCallAnswered.countDown(); // after a refused token or the first-call check has raised the stop
            }
        }
    }

    /**
     * One attempt: the answer is classified and any stop it causes is raised before its outcome is committed, so
     * no worker starts a call the answer forbids while this one waits for the commit.
     *
     * @return the line's final outcome, or null when it waits for a retry or was never sent
     */
    private RowOutcome sendAndDecide(CancelCall call) throws InterruptedException {
        call.waitingFor = "its turn under the rate limit";
        long startedAt = pacer.awaitTurn(stop::isRaised);
        if (stop.isRaised()) {
            return giveUp(call);
        }
        call.attemptsThisRun++;
        moved();
        call.waitingFor = "the provider's answer";
        Verdict verdict = send(call, startedAt);
        moved();
        if (call.lastReached) {
            tally.sent(call.sentThisRun++ > 0); // counted once known: an attempt that never left is no call sent
        }
        if (call.first && firstCallAnswered.getCount() > 0) {
            RowOutcome stopped = checkFirstCall(call, verdict);
            if (stopped != null) {
                return stopped;
            }
        }
        return switch (verdict.kind()) {
            case FINAL -> decide(call, verdict, false); // FAILED here is an undocumented answer: for a person
            case STOP_TOKEN_REFUSED -> {
                if (stop.raise(StopSignal.Reason.TOKEN_REFUSED)) {
                    log.error(
                            "Frontpayment refused the token ({}); no further calls are sent. Fix the token, "
                                    + "then rerun the same command to resume.",
                            verdict.detail());
                }
                yield decide(call, verdict, true);
            }
            case RETRY -> retryOrFail(call, verdict);
        };
    }

    /**
     * The run's first row: an answer or failure showing the command is wrong, or the server unreachable, raises the
     * stop before any other row is sent and ends the row FAILED with the finding: a rerun of the corrected command
     * sends it again.
     *
     * @return the row's outcome, or null when the first call says nothing about the command
     */
    private RowOutcome checkFirstCall(CancelCall call, Verdict verdict) {
        FirstCallCheck.Finding finding = call.lastFailure == null
                ? firstCall.of(call.lastAnswer)
                : firstCall.of(call.lastFailure, call.attemptsThisRun >= settings.maxAttempts(), call.attemptsThisRun);
        if (finding == null || verdict.kind() == Verdict.Kind.STOP_TOKEN_REFUSED) {
            return null;
        }
        if (stop.raise(finding.reason(), finding.explanation())) {
            log.error("Stopping: {}", finding.explanation());
        }
        return decide(
                call, new Verdict(Verdict.Kind.FINAL, Outcome.FAILED, call.unclear(), finding.explanation()), true);
    }

    private Verdict send(CancelCall call, long startedAt) {
        Verdict verdict;
        call.lastAnswer = null;
        call.lastFailure = null;
        long sentAt = System.nanoTime();
        try {
            ProviderAnswer answer = client.cancel(call.reservationUuid, call.note);
            tally.answered(answer.status(), System.nanoTime() - sentAt);
            call.lastAnswer = answer;
            call.lastReached = true;
            verdict = classifier.classify(answer);
            if (answer.status() == 429) {
                tally.throttled();
                pacer.throttled(answer.retryAfter(), startedAt);
            } else {
                pacer.answered();
            }
            call.lastRetryAfter = answer.status() == 503 || answer.status() == 429 ? answer.retryAfter() : null;
            call.lastStatus = answer.status();
            call.lastMessage = classifier.message(answer);
        } catch (IOException e) {
            tally.answered(null, System.nanoTime() - sentAt);
            call.lastFailure = e;
            call.lastReached = !ResponseClassifier.neverReached(e);
            verdict = classifier.classify(e);
            call.lastRetryAfter = null;
            call.lastStatus = null;
            call.lastMessage = null;
        }
        call.unclearThisRun |= verdict.unclear();
        noteError(call, verdict);
        return verdict;
    }

    /**
     * Keeps the run's last error: any answer but a cancellation (or "already cancelled"), as the record keeps it
     * (status and the provider's message, or the verdict's description when there is no message or no answer).
     */
    private void noteError(CancelCall call, Verdict verdict) {
        if (verdict.kind() == Verdict.Kind.FINAL
                && (verdict.outcome() == Outcome.CANCELLED || verdict.outcome() == Outcome.ALREADY_FINAL)) {
            return;
        }
        tally.noteError(new LastError(call.lastStatus, call.lastMessage != null ? call.lastMessage : verdict.detail()));
    }

    /** The writer found the run stalled: what it waited for is the run's last error. */
    public void noteStall(String waitingFor) {
        long millis = settings.stallTimeout().toMillis();
        tally.noteError(new LastError(
                null,
                "nothing moved for cancel.stall-timeout ("
                        + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms") + ") while waiting for "
                        + waitingFor));
    }

    /** @return the FAILED outcome when no attempt is left, else null (the retry is scheduled) */
    private RowOutcome retryOrFail(CancelCall call, Verdict verdict) {
        call.lastProblem = verdict.detail();
        if (call.attemptsThisRun >= settings.maxAttempts() || stop.isRaised()) {
            String detail = (stop.isRaised()
                            ? "stopped before retrying; last: "
                            : "gave up after " + call.attemptsThisRun + " attempts; last: ")
                    + verdict.detail()
                    + (call.unclear() ? "; the provider may have acted on an unanswered attempt" : "");
            return decide(call, new Verdict(Verdict.Kind.FINAL, Outcome.FAILED, call.unclear(), detail), true);
        }
        Duration wait = call.lastRetryAfter != null
                ? min(call.lastRetryAfter, settings.maxRetryAfter())
                : backoff.after(call.attemptsThisRun);
        log.debug("Line {}: {}; retrying in {} ms", call.line, verdict.detail(), wait.toMillis());
        call.waitingFor = "its retry wait";
        waitingToRetry.put(
                call,
                retryTimer.schedule(
                        () -> {
                            waitingToRetry.remove(call);
                            attemptAgain(call);
                        },
                        wait.toNanos(),
                        TimeUnit.NANOSECONDS));
        return null;
    }

    /**
     * The run is stopping: lines waiting for their backoff or Retry-After try now, see the stop and end FAILED
     * ("stopped before retrying"), rather than hold the chunk open for up to a minute.
     */
    public void retryWaitingLinesNow() {
        for (var waiting : waitingToRetry.entrySet()) {
            if (waiting.getValue().cancel(false)) {
                waitingToRetry.remove(waiting.getKey());
                attemptAgain(waiting.getKey());
            }
        }
    }

    private void attemptAgain(CancelCall call) {
        call.waitingFor = "a free worker";
        if (call.first && firstCallAnswered.getCount() > 0) {
            // Every worker may be waiting for this row's answer: its retry runs on the (otherwise idle) retry timer.
            retryTimer.execute(() -> attempt(call));
        } else {
            workers.execute(() -> attempt(call));
        }
    }

    /**
     * The line's final outcome; counts it towards the outage and wrong-environment stops before it is recorded.
     *
     * @param transientFailure a FAILED outcome is for a passing reason (retries used up, stopped, could not
     *                         connect, a refused token or wrong command): a rerun sends the line again, until it
     *                         ended FAILED in {@code cancel.max-runs-per-row} runs
     */
    private RowOutcome decide(CancelCall call, Verdict verdict, boolean transientFailure) {
        String detail = verdict.detail();
        boolean failed = verdict.outcome() == Outcome.FAILED;
        int failedRuns = (call.prior == null ? 0 : call.prior.failedRuns()) + (failed ? 1 : 0);
        boolean retryable = failed && transientFailure;
        if (retryable && failedRuns >= settings.maxRunsPerRow()) {
            detail = join(
                    detail,
                    "not sent again by a rerun: ended FAILED in " + failedRuns + " runs "
                            + "(cancel.max-runs-per-row=" + settings.maxRunsPerRow()
                            + "); send it with the retry file once "
                            + "the cause is known");
        }
        if (verdict.outcome() == Outcome.ALREADY_FINAL && call.unclear()) {
            detail = join(
                    detail,
                    call.sentByKilledRun
                            ? "may have been cancelled by the interrupted earlier run (its answer was never recorded)"
                            : "may have been cancelled by an earlier attempt that got no clear answer");
        }
        RowOutcome outcome = new RowOutcome(
                call.line,
                call.reservationUuid,
                verdict.outcome(),
                call.lastStatus,
                call.lastMessage,
                call.attempts(),
                call.unclear(),
                clock.instant(),
                detail,
                retryable,
                failedRuns);
        countTowardsOutage(outcome.outcome());
        checkEnvironment(outcome.outcome());
        return outcome;
    }

    /**
     * Makes the outcome durable; the worker takes no other call before that. If it cannot be recorded, no other
     * call may start either: its answer could not be kept.
     */
    private void record(CancelCall call, RowOutcome outcome) {
        call.waitingFor = "the job database to record its outcome";
        try {
            // Bounded: the recorder fails every outcome it has not committed by its deadline, or when its thread dies.
            recorder.record(outcome, call.prior != null).join();
            moved();
        } catch (RuntimeException e) {
            tally.noteError(LastError.of(e, classifier.text()));
            if (stop.raise(StopSignal.Reason.RECORD_FAILED)) {
                log.error(
                        "Line {}: its outcome ({}) could not be recorded in the job database; no further calls "
                                + "are sent. Rerun the same command once the database is healthy.",
                        call.line,
                        outcome.outcome());
            }
            throw e;
        }
        call.result.complete(outcome);
    }

    private void moved() {
        lastMoved = System.nanoTime();
    }

    /**
     * What the unfinished lines wait for, if nothing moved for {@code cancel.stall-timeout}: no call started or
     * finished and no outcome was recorded. Null while the run moves, or when no line is unfinished.
     */
    public String stalled() {
        if (unfinished.isEmpty()
                || System.nanoTime() - lastMoved < settings.stallTimeout().toNanos()) {
            return null;
        }
        TreeMap<String, List<Long>> linesByWait = new TreeMap<>();
        for (CancelCall call : unfinished) {
            linesByWait
                    .computeIfAbsent(call.waitingFor, what -> new ArrayList<>())
                    .add(call.line);
        }
        StringJoiner waits = new StringJoiner("; ");
        linesByWait.forEach((what, lines) -> waits.add(what + " (" + describe(lines) + ")"));
        return waits.toString();
    }

    private static String describe(List<Long> lines) {
        Collections.sort(lines);
        String shown = lines.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "));
        return (lines.size() == 1 ? "line " : "lines ")
                + shown
                + (lines.size() > 5 ? " and " + (lines.size() - 5) + " more" : "");
    }

    private void countTowardsOutage(Outcome outcome) {
        if (outcome != Outcome.FAILED) {
            consecutiveFailed.set(0);
        } else if (consecutiveFailed.incrementAndGet() >= settings.outageThreshold()
                && stop.raise(StopSignal.Reason.OUTAGE)) {
            log.error(
                    "{} rows in a row FAILED: the provider looks down. Stopping; rerun the same command to resume.",
                    settings.outageThreshold());
        }
    }

    private void checkEnvironment(Outcome outcome) {
        if (brake.tripsOn(outcome) && stop.raise(StopSignal.Reason.WRONG_ENVIRONMENT)) {
            log.error(
                    "The first {} rows sent all came back NOT_FOUND (orderNotFound): sending no more; waiting for "
                            + "the calls in flight.",
                    brake.window());
        }
    }

    /**
     * Stopping: a line never sent in this run keeps what earlier runs recorded (or nothing) and completes with
     * null; one sent already ends FAILED.
     */
    private RowOutcome giveUp(CancelCall call) {
        if (call.attemptsThisRun == 0) {
            call.result.complete(null);
            return null;
        }
        return decide(
                call,
                new Verdict(
                        Verdict.Kind.FINAL,
                        Outcome.FAILED,
                        call.unclear(),
                        "stopped before retrying; last: " + call.lastProblem),
                true);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        workers.shutdownNow();
    }
}
