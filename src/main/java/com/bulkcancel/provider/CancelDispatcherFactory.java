package com.bulkcancel.provider;

import java.time.Clock;

import com.bulkcancel.outcomes.OutcomeRecorder;

/** Opens a run's dispatcher from the application-wide client, limiter and settings. */
public final class CancelDispatcherFactory {

    private final FrontpaymentClient client;
    private final CallSettings settings;
    private final RequestPacer pacer;
    private final Backoff backoff;
    private final Clock clock;
    private final CallTally tally;
    private final int sanityWindow;
    private final ProviderText text;

    /** @param sanityWindow the wrong-environment brake's window (0: off), see {@link WrongEnvironmentBrake} */
    public CancelDispatcherFactory(
            FrontpaymentClient client,
            CallSettings settings,
            RequestPacer pacer,
            Backoff backoff,
            Clock clock,
            CallTally tally,
            int sanityWindow,
            ProviderText text) {
        this.text = text;
        this.tally = tally;
        this.sanityWindow = sanityWindow;
        this.client = client;
        this.settings = settings;
        this.pacer = pacer;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * @param environmentAnswered the job instance already has a provider answer other than NOT_FOUND: the base URL
     *                            knows these reservations, so the wrong-environment brake stays off
     */
    public CancelDispatcher open(OutcomeRecorder recorder, StopSignal stop, boolean environmentAnswered) {
        return new CancelDispatcher(
                client,
                new ResponseClassifier(text),
                settings,
                pacer,
                backoff,
                recorder,
                stop,
                clock,
                tally,
                new WrongEnvironmentBrake(environmentAnswered ? 0 : sanityWindow));
    }
}
