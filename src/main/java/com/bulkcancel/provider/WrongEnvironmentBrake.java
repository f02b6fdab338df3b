package com.bulkcancel.provider;

import com.bulkcancel.outcomes.Outcome;

/**
 * Watches the first {@code window} provider answers of a run. If every one of them is NOT_FOUND, the base URL
 * most likely points at an environment that does not know these reservations (demo vs production): the brake
 * trips once. Any other answer among them releases it for the rest of the run. FAILED rows (no answer) and rows
 * never sent (INVALID_INPUT, DUPLICATE) do not count. A run with fewer answers than the window never trips it:
 * a short file of unknown UUIDs is reported as NOT_FOUND rows. A job instance that already has any other answer
 * gets no brake (window 0). Tripping only raises the stop: the calls then in flight are still answered and
 * recorded, and the exit code is decided from what they answered.
 */
public final class WrongEnvironmentBrake {

    private final int window;
    private int notFound;
    private boolean released;

    /** @param window answers to watch; 0 turns the brake off */
    public WrongEnvironmentBrake(int window) {
        this.window = window;
        this.released = window == 0;
    }

    public int window() {
        return window;
    }

    /** @return true exactly once: when the window is full and every answer in it was NOT_FOUND */
    public synchronized boolean tripsOn(Outcome outcome) {
        if (released || !outcome.isProviderAnswer()) {
            return false;
        }
        if (outcome != Outcome.NOT_FOUND) {
            released = true;
            return false;
        }
        if (++notFound >= window) {
            released = true;
            return true;
        }
        return false;
    }
}
