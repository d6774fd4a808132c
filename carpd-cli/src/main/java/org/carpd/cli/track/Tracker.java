package org.carpd.cli.track;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carpd.cli.logging.CarpdMarkers;
import org.carpd.core.config.TrackConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tracker: its verdict, and the share of each group's demotion it holds (what the engine has
 * accepted) against the share it wants. Shares are set, never added, so pushing them again after
 * a failure (the protocol thread was busy, carpd is stopping) cannot count twice. Subclasses feed
 * results in; every method is synchronized, and none waits for a check to run.
 */
abstract class Tracker {
    static final Logger LOG = LoggerFactory.getLogger("carpd");

    private final Demoter demoter;
    private final Clock clock;
    private volatile TrackConfig config;
    private final Map<String, Integer> applied = new TreeMap<>();
    private Map<String, Integer> wanted = Map.of();
    private String why = "";
    private boolean syncFailing;
    private boolean closed;
    protected TrackState state = TrackState.UNKNOWN;
    protected String last = "no result yet";
    protected int streak;
    private Instant since;
    private long checks;
    private long failures;

    Tracker(TrackConfig config, Demoter demoter, Clock clock) {
        this.config = config;
        this.demoter = demoter;
        this.clock = clock;
    }

    TrackConfig config() {
        return config;
    }

    String name() {
        return config.name();
    }

    String holder() {
        return "track " + config.name();
    }

    /** Starts checking (schedules itself, or asks for the first reading). */
    abstract void start(Scheduler scheduler);

    /** Stops checking; a result still under way is then ignored. */
    abstract void stop();

    abstract String kind();

    abstract String target();

    /** The shares this tracker wants in its current state under {@code c}. */
    abstract Map<String, Integer> shares(TrackConfig c);

    /** Counts one result: {@code failed} whether it failed, {@code last} what it was. */
    protected final synchronized void counted(boolean failed, String result, int inARow) {
        checks++;
        if (failed) {
            failures++;
        }
        last = result;
        streak = inARow;
    }

    /**
     * Moves to {@code next} (or stays, with new shares) and logs why, e.g.
     * {@code track web: failed (exit 1, 3 times): demoting group carp by 50}.
     */
    protected final synchronized void settle(TrackState next, String verb, String detail) {
        if (closed) {
            return;
        }
        TrackState before = state;
        state = next;
        if (before != next) {
            since = clock.instant();
        }
        Map<String, Integer> before2 = wanted;
        wanted = shares(config);
        why = holder() + " " + verb + " (" + detail + ")";
        String effect = effect(before2, wanted);
        if (before == TrackState.UNKNOWN && next == TrackState.OK && wanted.isEmpty()) {
            LOG.info("{}: {} ({})", holder(), verb, detail);
        } else if (next == TrackState.FAILED) {
            LOG.warn(CarpdMarkers.NOTICE, "{}: {} ({}): {}", holder(), verb, detail, effect);
        } else {
            LOG.info(CarpdMarkers.NOTICE, "{}: {} ({}): {}", holder(), verb, detail, effect);
        }
        sync();
    }

    private static String effect(Map<String, Integer> from, Map<String, Integer> to) {
        List<String> parts = new ArrayList<>();
        for (String g : new TreeSet<String>(union(from, to))) {
            int a = from.getOrDefault(g, 0);
            int b = to.getOrDefault(g, 0);
            if (b > 0) {
                parts.add((a == 0 ? "demoting group " : "now demoting group ") + g + " by " + b);
            } else if (a > 0) {
                parts.add("lifting its demotion of group " + g + " (" + a + ")");
            }
        }
        return parts.isEmpty() ? "holding no demotion" : String.join(", ", parts);
    }

    private static java.util.Set<String> union(Map<String, Integer> a, Map<String, Integer> b) {
        java.util.Set<String> s = new TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    /** Pushes every share that differs from what the engine has; what fails is tried again on the next call. */
    final synchronized void sync() {
        for (String group : union(applied, wanted)) {
            int want = wanted.getOrDefault(group, 0);
            if (applied.getOrDefault(group, 0) == want) {
                continue;
            }
            try {
                demoter.hold(holder(), group, want, why);
                if (want == 0) {
                    applied.remove(group);
                } else {
                    applied.put(group, want);
                }
                if (syncFailing) {
                    LOG.info("{}: demotion of group {} is {} again", holder(), group, want);
                    syncFailing = false;
                }
            } catch (Exception e) {
                if (!syncFailing) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    LOG.warn("{}: cannot set its demotion of group {} to {} ({}); trying again", holder(), group,
                            want, cause.getMessage());
                }
                syncFailing = true;
            }
        }
    }

    /** Takes {@code next} (same check, other weights) keeping the verdict; shares move without passing 0. */
    final synchronized void retarget(TrackConfig next) {
        config = next;
        Map<String, Integer> before = wanted;
        wanted = shares(next);
        why = holder() + " reconfigured";
        if (!before.equals(wanted)) {
            LOG.info(CarpdMarkers.NOTICE, "{}: reconfigured, still {}: {}", holder(), state, effect(before, wanted));
        }
        sync();
    }

    /** Stops and gives back every share (a removed or replaced tracker). */
    final synchronized void release() {
        stopQuietly();
        wanted = Map.of();
        why = holder() + " removed";
        if (!applied.isEmpty()) {
            LOG.info("{}: removed, lifting its demotion of {}", holder(), applied);
        }
        sync();
    }

    /** Stops without touching the shares (the daemon is stopping: every vhid bows out anyway). */
    final synchronized void stopQuietly() {
        closed = true;
        stop();
    }

    final synchronized boolean isClosed() {
        return closed;
    }

    final synchronized TrackerStatus status() {
        return new TrackerStatus(name(), kind(), target(), state, last, streak, Optional.ofNullable(since), checks,
                failures, applied, config.demote());
    }
}
