package org.carpd.cli.track;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carpd.core.config.TrackConfig;

/**
 * The running trackers, by name, across reloads: an unchanged tracker keeps running with its
 * verdict and shares; one whose check is the same but whose weights changed keeps its verdict
 * and moves its shares; any other change replaces it (the old one's shares are released, the new
 * one starts without a verdict); a removed one releases its shares. Every 5 s each tracker
 * pushes shares that did not go through yet and the tracked links are read again.
 */
public final class TrackerSet implements AutoCloseable {
    static final Duration RESYNC = Duration.ofSeconds(5);
    private final Demoter demoter;
    private final CheckRunner runner;
    private final LinkWatch links;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Map<String, Tracker> trackers = new LinkedHashMap<>();
    private AutoCloseable resync;
    private boolean closed;

    TrackerSet(Demoter demoter, CheckRunner runner, LinkWatch links, Scheduler scheduler, Clock clock) {
        this.demoter = demoter;
        this.runner = runner;
        this.links = links;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** The daemon's trackers: scripts through {@code runner}, links over netlink, on {@code carpd-track} threads. */
    public static TrackerSet start(Demoter demoter, CheckRunner runner) {
        return new TrackerSet(demoter, runner, LinkWatch.netlink(), new ThreadScheduler(), Clock.systemUTC());
    }

    /** Makes the running trackers those of {@code next} (a start, a reload or a carpctl edit). */
    public synchronized void apply(List<TrackConfig> next) {
        if (closed) {
            return;
        }
        if (resync == null && !next.isEmpty()) {
            resync = scheduler.every(RESYNC, this::resync); // no tracker thread without trackers
        }
        Map<String, TrackConfig> wanted = new LinkedHashMap<>();
        next.forEach(t -> wanted.put(t.name(), t));
        for (Tracker t : new ArrayList<>(trackers.values())) {
            TrackConfig c = wanted.get(t.name());
            if (c == null || !c.check().equals(t.config().check())) {
                t.release();
                trackers.remove(t.name());
            } else if (!c.equals(t.config())) {
                t.retarget(c);
            }
        }
        Map<String, Tracker> ordered = new LinkedHashMap<>();
        for (TrackConfig c : next) {
            Tracker t = trackers.get(c.name());
            if (t == null) {
                t = create(c);
                ordered.put(c.name(), t);
                if (t instanceof CarrierTracker carrier) {
                    links.add(carrier);
                } else {
                    t.start(scheduler);
                }
            } else {
                ordered.put(c.name(), t);
            }
        }
        trackers.clear();
        trackers.putAll(ordered);
    }

    private Tracker create(TrackConfig c) {
        if (c.check() instanceof TrackConfig.Script) {
            return new ScriptTracker(c, demoter, clock, runner);
        }
        if (c.check() instanceof TrackConfig.File) {
            return new FileTracker(c, demoter, clock);
        }
        return new CarrierTracker(c, demoter, clock);
    }

    /** Each tracker's status, in configuration order. */
    public synchronized List<TrackerStatus> statuses() {
        return trackers.values().stream().map(Tracker::status).toList();
    }

    private void resync() {
        List<Tracker> now;
        synchronized (this) {
            now = new ArrayList<>(trackers.values());
        }
        links.refreshAll();
        now.forEach(Tracker::sync);
    }

    /** Stops every tracker without releasing shares (carpd is stopping; the engine bows out anyway). */
    @Override
    public void close() {
        List<Tracker> now;
        synchronized (this) {
            closed = true;
            now = new ArrayList<>(trackers.values());
            trackers.clear();
        }
        try {
            if (resync != null) {
                resync.close();
            }
        } catch (Exception e) {
            // nothing to do
        }
        now.forEach(Tracker::stopQuietly);
        links.close();
        if (scheduler instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // threads are daemons
            }
        }
    }
}
