package org.carpd.cli.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.carpd.cli.control.ControlException;
import org.carpd.cli.control.ControlCaller;
import org.carpd.cli.control.ControlHandler;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.logging.CarpdMarkers;
import org.carpd.cli.systemd.SdNotify;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the daemon's configuration on SIGHUP and on {@code carpctl reload} (what the unit's
 * ExecReload runs, so that a refused file fails {@code systemctl reload}), one reload at a time
 * and never during or after {@link #closeDaemon()}. As a {@link ControlHandler} it answers
 * {@code reload} itself and passes every other command to the daemon's handler.
 */
final class Reloader implements ControlHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLifecycle.class);

    private final Daemon daemon;
    private final ControlHandler commands;
    private final SdNotify notify;
    private final Path configFile;
    private final Object lock = new Object();
    private boolean closed;

    Reloader(Daemon daemon, SdNotify notify, Path configFile) {
        this.daemon = daemon;
        this.commands = daemon.controlHandler();
        this.notify = notify;
        this.configFile = configFile;
    }

    /** Re-reads the configuration file; returns why it was refused, or empty once it runs. */
    Optional<String> reload() {
        synchronized (lock) {
            if (closed) {
                return Optional.of("carpd is stopping");
            }
            notify.reloading();
            try {
                daemon.reload();
                LOG.info(CarpdMarkers.NOTICE, "configuration reloaded from {}", configFile);
                return Optional.empty();
            } catch (Exception e) {
                LOG.error("reload failed, still running the previous configuration: {}", e.getMessage(),
                        e instanceof RuntimeException ? e : null);
                return Optional.of(String.valueOf(e.getMessage()));
            } finally {
                notify.ready();
            }
        }
    }

    /** Closes the daemon once a running reload is over; later reloads are refused. */
    void closeDaemon() {
        synchronized (lock) {
            closed = true;
            daemon.close();
        }
    }

    @Override
    public ControlReply handle(ControlRequest request) {
        return handle(request, null);
    }

    @Override
    public ControlReply handle(ControlRequest request, ControlCaller caller) {
        if (request.group().isPresent() || !request.command().equals("reload")) {
            return caller == null ? commands.handle(request) : commands.handle(request, caller);
        }
        if (!request.args().equals(List.of("reload"))) {
            return ControlReply.usage("usage: carpctl reload");
        }
        return reload().map(why -> ControlReply.failure("carpd: reload failed, still running the previous "
                + "configuration: " + why)).orElseGet(() -> ControlReply.ok("configuration reloaded from " + configFile));
    }

    @Override
    public AutoCloseable watch(ControlRequest request, Consumer<String> sink) throws ControlException {
        return commands.watch(request, sink);
    }
}
