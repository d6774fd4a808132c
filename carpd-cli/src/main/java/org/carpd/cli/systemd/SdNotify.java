package org.carpd.cli.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.carpd.cli.posix.UnixDatagramSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd about the daemon's state (sd_notify(3) protocol): one AF_UNIX datagram of
 * {@code KEY=value} lines to the socket named by {@code $NOTIFY_SOCKET} ('@' prefix = abstract
 * namespace). Without {@code NOTIFY_SOCKET} every method does nothing. Failures are logged, never
 * thrown: a lost notification must not stop the daemon.
 */
public final class SdNotify implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    private final Optional<UnixDatagramSender> sender;
    private final String socketName;

    private SdNotify(Optional<UnixDatagramSender> sender, String socketName) {
        this.sender = sender;
        this.socketName = socketName;
    }

    /** From {@code $NOTIFY_SOCKET}; a no-op notifier when it is unset or empty. */
    public static SdNotify fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** For tests: from the given environment. */
    public static SdNotify fromEnvironment(Map<String, String> env) {
        String name = env.getOrDefault("NOTIFY_SOCKET", "");
        if (name.isEmpty()) {
            return new SdNotify(Optional.empty(), "");
        }
        if (!name.startsWith("/") && !name.startsWith("@")) {
            LOG.warn("NOTIFY_SOCKET={} is not an AF_UNIX path or abstract name; not notifying systemd", name);
            return new SdNotify(Optional.empty(), name);
        }
        try {
            return new SdNotify(Optional.of(new UnixDatagramSender(name)), name);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("cannot notify systemd: {}", e.getMessage());
            return new SdNotify(Optional.empty(), name);
        }
    }

    /** Whether notifications are actually sent. */
    public boolean isEnabled() {
        return sender.isPresent();
    }

    /** Startup finished: the control socket is listening and the engine runs. */
    public void ready() {
        send("READY=1");
    }

    /** Free-form status shown by {@code systemctl status}. Newlines are replaced by spaces. */
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' '));
    }

    /** A reload (SIGHUP) has started; follow with {@link #ready()} when it is done. */
    public void reloading() {
        // MONOTONIC_USEC lets systemd >= 253 match this to the reload request; older ones ignore it.
        long monotonicUsec = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
        send("RELOADING=1\nMONOTONIC_USEC=" + monotonicUsec);
    }

    /** Keep-alive for the service manager's watchdog (WatchdogSec=); see {@link WatchdogPacer}. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** Orderly shutdown has started. */
    public void stopping() {
        send("STOPPING=1");
    }

    /** Sends raw {@code KEY=value} lines. */
    public void send(String state) {
        if (sender.isEmpty()) {
            return;
        }
        try {
            sender.get().send(state.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("sd_notify to {} failed: {}", socketName, e.getMessage());
        }
    }

    @Override
    public void close() {
        sender.ifPresent(UnixDatagramSender::close);
    }
}
