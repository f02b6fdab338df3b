package com.bulkcancel.job;

import java.nio.file.Path;
import javax.sql.DataSource;

import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import com.bulkcancel.provider.FrontpaymentSettings;
import com.bulkcancel.provider.StopSignal;

/** The job database as the command sees it: where it is (for the log) and the run lock of an input in it. */
@Component
public class RunLocks {

    private final DataSource dataSource;
    private final DataSourceProperties database;
    private final FrontpaymentSettings provider;
    private final StopSignal stop;

    public RunLocks(
            DataSource dataSource, DataSourceProperties database, FrontpaymentSettings provider, StopSignal stop) {
        this.dataSource = dataSource;
        this.database = database;
        this.provider = provider;
        this.stop = stop;
    }

    /** @throws BusyException when another live run holds this input */
    public RunLock acquire(String inputRealPath) {
        return RunLock.acquire(dataSource, database.getUrl(), inputRealPath, provider.callTimeout());
    }

    /** From now on, losing the lock stops the run (no call starts after that). */
    public void watch(RunLock lock) {
        lock.watch(stop);
    }

    /** The H2 file, or the URL with any password hidden. */
    public String describeDatabase() {
        Path file = JobDatabaseUrl.h2File(database.getUrl());
        return file != null ? file.toString() : database.getUrl().replaceAll("password=[^;&]*", "password=***");
    }
}
