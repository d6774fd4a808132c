package org.carpd.cli.track;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.carpd.net.sched.Realtime;

/**
 * Trackers' threads ({@code carpd-track-N}, daemons): one more thread for each periodic task, so
 * a script waiting for its timeout never holds up another tracker.
 */
final class ThreadScheduler implements Scheduler, AutoCloseable {
    private final AtomicInteger tasks = new AtomicInteger();
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(Realtime.asOtherThread(r), "carpd-track-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    ThreadScheduler() {
        pool.setRemoveOnCancelPolicy(true);
    }

    @Override
    public AutoCloseable every(Duration period, Runnable task) {
        pool.setCorePoolSize(Math.max(1, tasks.incrementAndGet()));
        ScheduledFuture<?> f = pool.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Tracker.LOG.warn("tracker task failed", e); // keep the schedule going
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            if (f.cancel(true)) {
                pool.setCorePoolSize(Math.max(1, tasks.decrementAndGet()));
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
