package org.carpd.cli.carp;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.logging.CarpdMarkers;
import org.carpd.core.engine.CarpEngine;
import org.carpd.net.host.CarpHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code carpctl maintenance [on|off]}: drains this node (every vhid hands over at once and stays
 * BACKUP, even when no other node advertises) and keeps it drained across restarts, upgrades and
 * reboots ({@link MaintenanceStore}). The file is written before the engine is told, so a
 * failure to save changes nothing.
 */
final class MaintenanceMode {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    static final String USAGE = "usage: carpctl maintenance [on|off]";

    private final MaintenanceStore store;
    private final Runnable changed;
    private volatile Optional<Instant> since;

    /** @param changed told after every change (systemd status) */
    MaintenanceMode(Path stateDir, Runnable changed) {
        this.store = new MaintenanceStore(stateDir);
        this.changed = changed;
        this.since = store.load();
    }

    /** Before the engine starts: a node saved in maintenance starts drained. */
    void prepare(CarpEngine engine) {
        if (since.isPresent()) {
            engine.setMaintenance(System.nanoTime(), true);
            LOG.warn(CarpdMarkers.NOTICE, "maintenance mode is on{} (kept in {}): every vhid stays BACKUP;"
                    + " 'carpctl maintenance off' ends it", sinceText(), store.file());
        }
    }

    boolean on() {
        return since.isPresent();
    }

    Optional<Instant> since() {
        return since;
    }

    private String sinceText() {
        return since.filter(t -> !t.equals(Instant.EPOCH)).map(t -> " since " + t).orElse("");
    }

    private void restore() {
        try {
            store.save(since);
        } catch (IOException e) {
            LOG.error("cannot restore {}: {}", store.file(), e.getMessage());
        }
    }

    /** One line for carpctl's listing and {@code systemctl status}, or empty when off. */
    Optional<String> summary() {
        return since.map(t -> "maintenance" + sinceText() + " (every vhid stays BACKUP)");
    }

    ControlReply command(List<String> args, boolean json, CarpHost host) throws ExecutionException, InterruptedException {
        if (args.size() == 1) {
            return ControlReply.ok(json ? "{\"maintenance\":" + on() + ",\"since\":"
                    + since.filter(t -> !t.equals(Instant.EPOCH)).map(t -> Json.string(t.toString())).orElse("null")
                    + ",\"persistent\":" + store.persistent() + "}"
                    : "maintenance: " + (on() ? "on" + sinceText() : "off"));
        }
        boolean wanted;
        if (args.size() == 2 && args.get(1).equals("on")) {
            wanted = true;
        } else if (args.size() == 2 && args.get(1).equals("off")) {
            wanted = false;
        } else {
            return ControlReply.usage(USAGE);
        }
        synchronized (this) {
            if (wanted == on()) {
                return ControlReply.ok("maintenance: already " + (wanted ? "on" : "off"));
            }
            Optional<Instant> next = wanted ? Optional.of(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                    : Optional.empty();
            try {
                store.save(next);
            } catch (IOException e) {
                return ControlReply.failure("cannot " + (wanted ? "save " : "remove ") + store.file() + ": "
                        + e.getMessage() + "; maintenance mode unchanged");
            }
            try {
                host.call(engine -> {
                    engine.setMaintenance(System.nanoTime(), wanted);
                    return null;
                });
            } catch (ExecutionException | RuntimeException e) {
                restore(); // the engine did not take it: the file must not say otherwise
                throw e;
            }
            since = next;
        }
        String kept = store.persistent() ? "" : " (not kept across restarts: the state directory does not exist)";
        if (wanted) {
            LOG.warn(CarpdMarkers.NOTICE, "maintenance mode on: every vhid hands over and stays BACKUP{}", kept);
        } else {
            LOG.info(CarpdMarkers.NOTICE, "maintenance mode off: the vhids take part in elections again{}", kept);
        }
        changed.run();
        return ControlReply.ok("maintenance: " + (wanted ? "on" : "off") + kept);
    }
}
