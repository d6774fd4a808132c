package org.carpd.cli.carp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.carpd.cli.control.ControlHandler;
import org.carpd.cli.daemon.Daemon;
import org.carpd.cli.daemon.DaemonContext;
import org.carpd.cli.hooks.HookEvent;
import org.carpd.cli.logging.CarpdMarkers;
import org.carpd.cli.logging.RateLimitedLog;
import org.carpd.cli.track.TrackerSet;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.Hooks;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpState;
import org.carpd.core.wire.DropReason;
import org.carpd.net.host.CarpHost;
import org.carpd.net.host.HostListener;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: a {@link CarpHost} plus what operators see of it (logs, hooks, carpctl,
 * systemd status).
 */
final class CarpDaemon implements Daemon, HostListener {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    private final DaemonContext context;
    private final RateLimitedLog badPackets = new RateLimitedLog(LOG, 5, java.time.Duration.ofMinutes(1));
    private final VrrpSightings vrrp = new VrrpSightings();
    private final Map<String, CarpState> states = new ConcurrentHashMap<>();
    private final StateWatchers watchers = new StateWatchers();
    private final Object edits = new Object();
    private final LinkLookup links = LinkLookup.netlink();
    /** Writes the "suppressed K similar messages" summaries even when the flood has stopped. */
    private final ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(Realtime.asOtherThread(r), "carpd-log-summaries");
        t.setDaemon(true);
        return t;
    });
    private CarpHost host;
    private CounterStore counters;
    private TrackerSet trackers;
    private MonitoringEndpoint metrics;
    private MaintenanceMode maintenance;
    private SyncHold sync;
    private CarpctlCommands commands;

    private CarpDaemon(DaemonContext context) {
        this.context = context;
    }

    static CarpDaemon start(DaemonContext context) throws Exception {
        CarpdConfig config = ConfigLoader.load(context.configFile());
        ConfigLoader.hookProblems(context.configFile(), config).forEach(p -> LOG.warn("{}", p));
        CarpDaemon daemon = new CarpDaemon(context);
        daemon.warnMissingCarpdevs(config);
        config.interfaces().forEach(c -> daemon.states.put(c.name(), CarpState.INIT));
        daemon.counters = new CounterStore(context.stateDir());
        CounterStore.Saved saved = daemon.counters.load();
        // Counter units: wall-clock time in 1/4096 s, times 256 (the low byte tells hosts apart; see CarpEngine).
        long counter = CounterStore.startingCounter(saved, System.currentTimeMillis() * 4096 / 1000 << 8);
        daemon.maintenance = new MaintenanceMode(context.stateDir(), daemon::publishStatus);
        daemon.sync = new SyncHold(daemon.summaries, daemon::publishStatus);
        daemon.host = CarpHost.start(config, counter, saved.replay(), daemon, engine -> {
            daemon.maintenance.prepare(engine);
            daemon.sync.prepare(engine, config.global().syncDemote());
        });
        daemon.host.onTick(context.watchdog());
        daemon.sync.started(command -> daemon.host.call(command));
        daemon.counters.save(counter, saved.replay());
        daemon.trackers = TrackerSet.start((holder, group, share, why) -> daemon.host.call(
                e -> e.holdGroupDemotion(System.nanoTime(), holder, group, share, why)), context.hooks()::runCheck);
        daemon.trackers.apply(config.trackers());
        daemon.metrics = new MonitoringEndpoint(daemon.host, daemon.maintenance::on, daemon.sync::holding,
                daemon.trackers::statuses);
        daemon.metrics.update(config);
        daemon.publishStatus();
        daemon.summaries.scheduleAtFixedRate(daemon::everyMinute, 1, 1, TimeUnit.MINUTES);
        daemon.commands = new CarpctlCommands(daemon.host, daemon.trackers, daemon.maintenance, daemon.sync,
                daemon.links, daemon.watchers, daemon::notes, daemon.edits, daemon::apply);
        return daemon;
    }

    @Override
    public ControlHandler controlHandler() {
        return commands;
    }

    @Override
    public void started() {
        int moved = Realtime.applyToOtherThreads();
        if (moved > 0) {
            LOG.info("real-time scheduling: SCHED_RR priority {} for the {} other threads; hooks and scripts run"
                    + " with normal scheduling", Realtime.otherThreadsPriority(), moved);
        }
    }

    @Override
    public void reload() throws Exception {
        CarpdConfig next = ConfigLoader.load(context.configFile());
        warnMissingCarpdevs(next);
        ConfigLoader.hookProblems(context.configFile(), next).forEach(p -> LOG.warn("{}", p));
        synchronized (edits) {
            apply(next);
        }
    }

    private void warnMissingCarpdevs(CarpdConfig config) {
        CarpdevCheck.missing(config, ConfigPositions.read(context.configFile()), links).forEach(LOG::warn);
    }

    /** Runs a validated configuration: engine, metrics endpoint, systemd status. */
    private void apply(CarpdConfig next) throws ExecutionException, InterruptedException {
        host.applyConfig(next);
        trackers.apply(next.trackers());
        metrics.update(next);
        next.interfaces().forEach(c -> states.putIfAbsent(c.name(), CarpState.INIT));
        states.keySet().retainAll(next.interfaces().stream().map(CarpInterfaceConfig::name).toList());
        publishStatus();
    }

    @Override
    public void close() {
        metrics.close();
        trackers.close();
        host.close();
        summaries.shutdownNow();
        try {
            summaries.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counters.save(host.lastCounter(), host.replayMemory());
        badPackets.flush();
    }

    // --- what the protocol thread tells us ---------------------------------------------------

    @Override
    public void stateChanged(Action.StateChanged change, CarpdConfig config) {
        LOG.info(CarpdMarkers.NOTICE, "{}: state transition: {} -> {} ({})", change.carpInterface(),
                change.from(), change.to(), change.reason().text());
        states.put(change.carpInterface(), change.to());
        publishStatus();
        watchers.stateChanged(change, config);
        config.find(change.carpInterface()).ifPresent(c -> runHook(change, c, config.global().hooks()));
    }

    /** The interface's own hook for the new state, else the global one; on the hook thread. */
    private void runHook(Action.StateChanged change, CarpInterfaceConfig config, Hooks global) {
        Optional<String> hook = switch (change.to()) {
            case MASTER -> config.hooks().onMaster().or(global::onMaster);
            case BACKUP -> config.hooks().onBackup().or(global::onBackup);
            case INIT -> config.hooks().onInit().or(global::onInit);
        };
        hook.ifPresent(path -> context.hooks().submit(Path.of(path), new HookEvent(change.carpInterface(),
                change.vhid(), change.to().name(), change.from().name(), change.reason().text(),
                config.addresses().stream().map(Object::toString).toList())));
    }

    @Override
    public void packetDropped(Action.PacketDropped drop) {
        String where = drop.carpInterface() != null ? drop.carpInterface() : drop.carpdev();
        String from = drop.source() == null ? "" : " from " + drop.source().getHostAddress();
        if (drop.reason() == DropReason.VRRP) {
            // detail is "VRRPv2 router 5"; the router id (VRID) shares the number space of vhids
            int space = drop.detail().indexOf(' ');
            if (vrrp.first(drop.carpdev(), drop.detail(), drop.source())) {
                LOG.warn(CarpdMarkers.NOTICE, "{}: VRRP {}{} on this segment ({}; further packets only counted)",
                        drop.carpdev(), drop.detail().substring(space + 1), from, drop.detail().substring(0, space));
            } else {
                LOG.debug("{}: {}{}", drop.carpdev(), drop.detail(), from);
            }
        } else if (drop.reason() == DropReason.BAD_VHID || drop.reason() == DropReason.OWN_PACKET) {
            LOG.debug("{}: {}{}: {}", where, drop.reason().description(), from, drop.detail());
        } else {
            badPackets.warn(where + drop.reason(), "{}: {}{} ({})", where, drop.reason().description(), from,
                    drop.detail());
        }
    }

    @Override
    public void peerNotice(Action.PeerNotice notice) {
        LOG.warn("{}", notice.message());
    }

    @Override
    public void demotionChanged(Action.DemotionChanged change) {
        LOG.info(CarpdMarkers.NOTICE, "group {}: demote {} -> {} ({})", change.group(), change.from(), change.to(),
                change.why());
    }

    @Override
    public void protocolThreadDied(Throwable error) {
        LOG.error("the protocol thread died; exiting so that the service manager restarts carpd", error);
        new Thread(() -> System.exit(70), "carpd-exit").start();
    }

    @Override
    public void ioFailed(String carpInterface, String message) {
        badPackets.warn("io" + carpInterface + message, "{}{}", carpInterface == null ? "" : carpInterface + ": ",
                message);
    }

    private void everyMinute() {
        badPackets.flush();
        counters.save(host.lastCounter(), host.replayMemory());
    }

    private void publishStatus() {
        List<String> parts = new ArrayList<>();
        states.forEach((name, state) -> parts.add(name + " " + state));
        parts.sort(null);
        List<String> status = new ArrayList<>(notes());
        status.add(parts.isEmpty() ? "no carp interfaces" : String.join(", ", parts));
        context.status().accept(String.join("; ", status));
    }

    /** Maintenance mode and a held sync demotion, for the listing and systemd status. */
    private List<String> notes() {
        List<String> notes = new ArrayList<>();
        // null only while the daemon starts
        if (maintenance != null) {
            maintenance.summary().ifPresent(notes::add);
        }
        if (sync != null) {
            sync.summary().ifPresent(notes::add);
        }
        return notes;
    }
}
