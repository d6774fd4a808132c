package org.carpd.cli.track;

import java.time.Duration;

/** Where trackers' periodic work runs: never the protocol thread (a fake one in tests). */
public interface Scheduler {
    /** Runs {@code task} now and then every {@code period} (a run that overruns delays the next); cancel stops it. */
    AutoCloseable every(Duration period, Runnable task);
}
