package org.carpd.cli.systemd;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The systemd watchdog (sd_watchdog_enabled(3) without libsystemd): told the time at every turn
 * of the protocol loop, it pings ({@code WATCHDOG=1}) at most once per half of
 * {@code $WATCHDOG_USEC}, as sd_watchdog_enabled(3) recommends. Since only the protocol thread
 * calls it, a protocol thread that hangs stops the pings, and systemd restarts carpd after
 * {@code WatchdogSec=}. Not thread-safe: one caller.
 */
public final class WatchdogPacer implements LongConsumer {
    private final long periodNanos;
    private final Runnable ping;
    private boolean pinged;
    private long lastPing;

    /** @param periodNanos the least time between two pings (half the watchdog interval) */
    public WatchdogPacer(long periodNanos, Runnable ping) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("watchdog period must be positive: " + periodNanos);
        }
        this.periodNanos = periodNanos;
        this.ping = ping;
    }

    /**
     * The pacer the service manager asks for: {@code WATCHDOG_USEC} set to a positive number and
     * {@code WATCHDOG_PID}, if set, naming this process (else the watchdog is meant for another).
     * Empty when there is no watchdog, or the variables are malformed.
     */
    public static Optional<WatchdogPacer> fromEnvironment(Map<String, String> env, long pid, Runnable ping) {
        String usec = env.getOrDefault("WATCHDOG_USEC", "");
        String owner = env.getOrDefault("WATCHDOG_PID", "");
        try {
            long micros = Long.parseLong(usec);
            if (micros <= 0 || !owner.isEmpty() && Long.parseLong(owner) != pid) {
                return Optional.empty();
            }
            return Optional.of(new WatchdogPacer(TimeUnit.MICROSECONDS.toNanos(micros) / 2, ping));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public long periodNanos() {
        return periodNanos;
    }

    @Override
    public void accept(long now) {
        if (!pinged || now - lastPing >= periodNanos) {
            pinged = true;
            lastPing = now;
            ping.run();
        }
    }
}
