package com.bulkcancel;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.bulkcancel.sandbox.SimulatedFrontpayment;

/**
 * A test of the whole command against a fresh simulated Frontpayment, with the job database and files in a
 * temporary directory. Subclasses stub the provider's answers and run {@link #command}.
 */
public abstract class SimulatedProviderTest {

    @TempDir
    protected Path dir;

    protected SimulatedFrontpayment provider;
    protected CancelCommand command;

    @BeforeEach
    void startProvider() {
        provider = new SimulatedFrontpayment();
        command = new CancelCommand(dir, provider);
    }

    @AfterEach
    void stopProvider() {
        provider.close();
    }
}
