package org.carpd.cli.carp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.logging.CarpdMarkers;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.SyncDemote;
import org.carpd.core.engine.CarpEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code set sync-demote N timeout S}: the demotion a starting node holds on group {@code carp}
 * until its connection-state table is synchronised, so that it never takes over (by preemption,
 * or as the less demoted node) with an empty table. Put on the engine before it starts, so the
 * very first advertisement carries it; released by {@code carpctl sync done} (carpd-notify's
 * conntrackd action, after the resync) or, so that a broken conntrackd never pins the node, after
 * the timeout. Only the start holds it: a reload that turns the setting on holds nothing.
 */
final class SyncHold {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    static final String USAGE = "usage: carpctl sync [done]";
    private static final String GROUP = CarpInterfaceConfig.DEFAULT_GROUP;

    private final ScheduledExecutorService timer;
    private final Runnable changed;
    /** Runs a command on the protocol thread ({@code CarpHost.call}). */
    @FunctionalInterface
    interface EngineCall {
        int run(java.util.function.Function<CarpEngine, Integer> command) throws ExecutionException, InterruptedException;
    }

    private EngineCall host;
    /** The demotion held, or null. */
    private SyncDemote held;
    /** A release is under way: {@link #held} stays set until the engine has lifted it. */
    private boolean releasing;
    private long heldSince;
    private ScheduledFuture<?> timeout;

    /** @param changed told after the hold ends (systemd status) */
    SyncHold(ScheduledExecutorService timer, Runnable changed) {
        this.timer = timer;
        this.changed = changed;
    }

    /** On the engine before it starts. */
    synchronized void prepare(CarpEngine engine, SyncDemote setting) {
        if (!setting.on()) {
            return;
        }
        try {
            engine.adjustGroupDemotion(System.nanoTime(), GROUP, setting.demote());
        } catch (IllegalArgumentException e) {
            LOG.warn("sync-demote: {}; nothing held", e.getMessage());
            return;
        }
        held = setting;
        heldSince = System.nanoTime();
        LOG.info(CarpdMarkers.NOTICE, "group {}: holding demotion {} until the connection-state tables are"
                + " synchronised ('carpctl sync done') or for at most {} s", GROUP, setting.demote(),
                setting.timeoutSeconds());
    }

    /** The host runs: start the timeout. */
    synchronized void started(EngineCall host) {
        this.host = host;
        if (held != null) {
            timeout = timer.schedule(this::timedOut, held.timeoutSeconds(), TimeUnit.SECONDS);
        }
    }

    private void timedOut() {
        synchronized (this) {
            if (held == null) {
                return;
            }
            LOG.warn(CarpdMarkers.NOTICE, "group {}: the state sync was not reported done within {} s; releasing"
                    + " demotion {} anyway (is conntrackd running, and carpd-notify with its conntrackd action?)",
                    GROUP, held.timeoutSeconds(), held.demote());
        }
        try {
            release();
        } catch (ExecutionException e) {
            LOG.error("group {}: cannot release the sync demotion: {}", GROUP, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean holding() {
        return held != null;
    }

    /** For carpctl's listing and {@code systemctl status}, while held. */
    synchronized Optional<String> summary() {
        return held == null ? Optional.empty()
                : Optional.of("waiting for the state sync (group " + GROUP + " demoted by " + held.demote() + ")");
    }

    ControlReply command(List<String> args, boolean json) throws ExecutionException, InterruptedException {
        if (args.size() == 1) {
            synchronized (this) {
                long seconds = held == null ? 0 : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - heldSince);
                if (json) {
                    return ControlReply.ok("{\"held\":" + (held != null) + ",\"group\":" + Json.string(GROUP)
                            + ",\"demote\":" + (held == null ? 0 : held.demote()) + ",\"seconds\":" + seconds
                            + ",\"timeout\":" + (held == null ? 0 : held.timeoutSeconds()) + "}");
                }
                return ControlReply.ok(held == null ? "sync: no demotion held"
                        : "sync: group " + GROUP + " demoted by " + held.demote() + " for " + seconds
                        + " s, until 'carpctl sync done' or " + held.timeoutSeconds() + " s");
            }
        }
        if (args.size() != 2 || !args.get(1).equals("done")) {
            return ControlReply.usage(USAGE);
        }
        Optional<Integer> released = release();
        if (released.isEmpty()) {
            return ControlReply.ok("sync: no demotion held");
        }
        LOG.info(CarpdMarkers.NOTICE, "group {}: state sync done; demotion {} released", GROUP, released.get());
        return ControlReply.ok("sync: done; group " + GROUP + " demotion " + released.get() + " released");
    }

    /** Releases the demotion if held; returns what was released. Held (and shown) until the engine lifted it. */
    private Optional<Integer> release() throws ExecutionException, InterruptedException {
        SyncDemote was;
        synchronized (this) {
            if (held == null || releasing) {
                return Optional.empty();
            }
            was = held;
            releasing = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
        try {
            host.run(e -> {
                try {
                    return e.adjustGroupDemotion(System.nanoTime(), GROUP, -was.demote());
                } catch (IllegalArgumentException gone) {
                    return 0; // the group lost its members, and its counter with them
                }
            });
        } catch (ExecutionException | RuntimeException e) {
            synchronized (this) {
                releasing = false; // not released: still held, and still timed
                timeout = timer.schedule(this::timedOut, 5, TimeUnit.SECONDS);
            }
            throw e;
        }
        synchronized (this) {
            held = null;
            releasing = false;
        }
        changed.run();
        return Optional.of(was.demote());
    }
}
