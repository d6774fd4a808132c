package org.carpd.cli.track;

import java.time.Clock;
import java.time.Duration;
import org.carpd.core.config.TrackConfig;

/** A tracker that checks on a schedule (a script run, a file read) every {@link #intervalSeconds()}. */
abstract class PeriodicTracker extends Tracker {
    private AutoCloseable schedule;

    PeriodicTracker(TrackConfig config, Demoter demoter, Clock clock) {
        super(config, demoter, clock);
    }

    abstract int intervalSeconds();

    /** One check, on a tracker thread. */
    abstract void checkOnce();

    @Override
    final synchronized void start(Scheduler scheduler) {
        schedule = scheduler.every(Duration.ofSeconds(intervalSeconds()), this::checkOnce);
    }

    @Override
    final void stop() {
        AutoCloseable s;
        synchronized (this) {
            s = schedule;
        }
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                // cancelling cannot fail in a way that matters
            }
        }
    }
}
