package org.carpd.cli.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

import org.carpd.cli.control.ControlServer;
import org.carpd.cli.control.InstanceLock;
import org.carpd.cli.hooks.HookRunner;
import org.carpd.cli.logging.CarpdMarkers;
import org.carpd.cli.systemd.SdNotify;
import org.carpd.cli.systemd.WatchdogPacer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon from start to exit: take the {@link InstanceLock} (or exit 1 without touching
 * anything), start it, open the control socket, tell systemd READY, reload on SIGHUP and
 * {@code carpctl reload} ({@link Reloader}), stop on SIGTERM/SIGINT (STOPPING, close socket,
 * close daemon, let queued hooks finish).
 */
public final class DaemonLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLifecycle.class);

    private final DaemonFactory factory;
    private final Path configFile;
    private final ControlServer.Settings controlSettings;
    private final Path stateDir;

    public DaemonLifecycle(DaemonFactory factory, Path configFile, ControlServer.Settings controlSettings,
                           Path stateDir) {
        this.factory = factory;
        this.configFile = configFile;
        this.controlSettings = controlSettings;
        this.stateDir = stateDir;
    }

    /** @return the process exit status */
    public int run() throws InterruptedException {
        InstanceLock lock;
        try {
            lock = InstanceLock.acquire(controlSettings); // before anything touches the network
        } catch (IOException e) {
            LOG.error("{}", e.getMessage());
            return 1;
        }
        SignalQueue signals = SignalQueue.install("HUP", "TERM", "INT");
        try (lock; SdNotify notify = SdNotify.fromEnvironment(); HookRunner hooks = new HookRunner()) {
            Daemon daemon;
            try {
                signals.discard("HUP"); // the configuration is read now: earlier reload requests are moot
                LongConsumer watchdog = WatchdogPacer.fromEnvironment(System.getenv(), ProcessHandle.current().pid(),
                        notify::watchdog).<LongConsumer>map(p -> p).orElse(now -> { });
                daemon = factory.start(new DaemonContext(configFile, hooks, notify::status, stateDir, watchdog));
            } catch (Exception e) {
                LOG.error("cannot start: {}", e.getMessage(), e instanceof RuntimeException ? e : null);
                return 1;
            }
            // The daemon is closed (bows out) before the control server: the server waits up to 1 s
            // for connected clients (carpctl watch) to go, and the backups must not wait for that.
            Reloader reloader = new Reloader(daemon, notify, configFile);
            ControlServer server = null;
            try {
                try {
                    server = ControlServer.start(controlSettings, reloader);
                } catch (IOException e) {
                    LOG.error("{}", e.getMessage());
                    notify.stopping();
                    return 1;
                }
                daemon.started();
                notify.ready();
                LOG.info(CarpdMarkers.NOTICE, "carpd started with {}", configFile);
                String signal;
                while ((signal = signals.take()).equals("HUP")) {
                    reloader.reload();
                }
                notify.stopping();
                LOG.info(CarpdMarkers.NOTICE, "carpd stopping (SIG{})", signal);
            } finally {
                reloader.closeDaemon();
                if (server != null) {
                    server.close();
                }
            }
        }
        return 0;
    }
}
