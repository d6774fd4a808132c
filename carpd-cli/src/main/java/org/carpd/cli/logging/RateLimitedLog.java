package org.carpd.cli.logging;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.MessageFormatter;

/**
 * Logs at most {@code maxPerInterval} messages per key per interval, for messages a remote peer
 * can trigger at will (bad packets). Once an interval with suppressed messages has ended, the
 * next message for that key, or {@link #flush()}, logs one summary: the last suppressed message
 * followed by "(suppressed K similar messages)". The daemon should call {@code flush()} about
 * once per interval so that summaries are not held back until the next bad packet.
 *
 * <p>At most {@link #MAX_KEYS} keys are tracked (keys often hold peer addresses); beyond that,
 * new keys share one window. Thread-safe.
 */
public final class RateLimitedLog {
    public static final int MAX_KEYS = 1024;
    private static final String OVERFLOW_KEY = "\0overflow";

    private final Logger log;
    private final int maxPerInterval;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    static {
        Window.class.getName(); // loaded with the daemon, not on its protocol thread at the first bad packet
    }

    private static final class Window {
        final long start;
        final Level level;
        int logged;
        long suppressed;
        String lastSuppressed;

        Window(long start, Level level) {
            this.start = start;
            this.level = level;
        }
    }

    public RateLimitedLog(Logger log, int maxPerInterval, Duration interval) {
        this(log, maxPerInterval, interval, System::nanoTime);
    }

    /** For tests: with a fake monotonic clock in nanoseconds. */
    public RateLimitedLog(Logger log, int maxPerInterval, Duration interval, LongSupplier nanoClock) {
        if (maxPerInterval < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("need maxPerInterval >= 1 and a positive interval");
        }
        this.log = log;
        this.maxPerInterval = maxPerInterval;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    public void warn(String key, String format, Object... args) {
        log(Level.WARN, key, format, args);
    }

    public void info(String key, String format, Object... args) {
        log(Level.INFO, key, format, args);
    }

    /** Logs the message unless {@code key} already had {@code maxPerInterval} in this interval. */
    public void log(Level level, String key, String format, Object... args) {
        long now = nanoClock.getAsLong();
        boolean emit;
        synchronized (this) {
            Window w = windows.get(key);
            if (w != null && now - w.start >= intervalNanos) {
                summarize(w);
                windows.remove(key);
                w = null;
            }
            if (w == null) {
                if (windows.size() >= MAX_KEYS) {
                    flushExpired(now);
                }
                if (windows.size() >= MAX_KEYS) {
                    key = OVERFLOW_KEY;
                    w = windows.get(key);
                }
                if (w == null) {
                    w = new Window(now, level);
                    windows.put(key, w);
                }
            }
            emit = w.logged < maxPerInterval;
            if (emit) {
                w.logged++;
            } else {
                w.suppressed++;
                w.lastSuppressed = MessageFormatter.arrayFormat(format, args).getMessage();
            }
        }
        if (emit) {
            emit(level, format, args);
        }
    }

    /** Logs the summaries of intervals that have ended. */
    public void flush() {
        synchronized (this) {
            flushExpired(nanoClock.getAsLong());
        }
    }

    private void flushExpired(long now) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext()) {
            Window w = it.next();
            if (now - w.start >= intervalNanos) {
                summarize(w);
                it.remove();
            }
        }
    }

    private void summarize(Window w) {
        if (w.suppressed > 0) {
            emit(w.level, "{} (suppressed {} similar messages)", w.lastSuppressed, w.suppressed);
        }
    }

    /**
     * The plain calls rather than slf4j's fluent {@code atLevel}, whose builder classes a daemon
     * would otherwise load on its protocol thread at the first bad packet of a flood.
     */
    private void emit(Level level, String format, Object... args) {
        if (level == Level.ERROR) { // not a switch: its synthetic class would load at that moment too
            log.error(format, args);
        } else if (level == Level.WARN) {
            log.warn(format, args);
        } else if (level == Level.INFO) {
            log.info(format, args);
        } else if (level == Level.DEBUG) {
            log.debug(format, args);
        } else {
            log.trace(format, args);
        }
    }
}
