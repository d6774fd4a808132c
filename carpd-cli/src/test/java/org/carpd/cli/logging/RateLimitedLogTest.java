package org.carpd.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final AtomicLong now = new AtomicLong();
    private final ListAppender<ILoggingEvent> seen = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void attach() {
        logger = (Logger) LoggerFactory.getLogger("test.ratelimit." + System.nanoTime());
        logger.setAdditive(false);
        seen.start();
        logger.addAppender(seen);
    }

    private List<String> messages() {
        return seen.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void limitsPerKeyAndSummarizes() {
        RateLimitedLog log = new RateLimitedLog(logger, 2, Duration.ofSeconds(10), now::get);
        for (int i = 1; i <= 5; i++) {
            log.warn("198.18.0.5", "bad HMAC from {} (#{})", "198.18.0.5", i);
        }
        log.warn("198.18.0.6", "bad HMAC from {}", "198.18.0.6");
        assertEquals(List.of("bad HMAC from 198.18.0.5 (#1)", "bad HMAC from 198.18.0.5 (#2)",
                "bad HMAC from 198.18.0.6"), messages());
        log.flush();
        assertEquals(3, messages().size(), "no summary before the interval ends");
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.warn("198.18.0.5", "bad HMAC from {} (#{})", "198.18.0.5", 6);
        assertEquals(List.of("bad HMAC from 198.18.0.5 (#5) (suppressed 3 similar messages)",
                "bad HMAC from 198.18.0.5 (#6)"), messages().subList(3, 5));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.flush();
        assertEquals(5, messages().size(), "nothing suppressed, no summary");
    }

    @Test
    void flushEmitsPendingSummaries() {
        RateLimitedLog log = new RateLimitedLog(logger, 1, Duration.ofSeconds(1), now::get);
        log.warn("k", "m{}", 1);
        log.warn("k", "m{}", 2);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.flush();
        assertEquals(List.of("m1", "m2 (suppressed 1 similar messages)"), messages());
    }

    @Test
    void manyKeysShareAnOverflowWindow() {
        RateLimitedLog log = new RateLimitedLog(logger, 1, Duration.ofSeconds(1), now::get);
        for (int i = 0; i < RateLimitedLog.MAX_KEYS + 50; i++) {
            log.warn("k" + i, "m{}", i);
        }
        assertEquals(RateLimitedLog.MAX_KEYS + 1, messages().size(), "50 new keys beyond the cap: one logged");
    }

    @Test
    void severitiesForJournald() {
        Logger l = (Logger) LoggerFactory.getLogger("sev");
        SdPriorityConverter c = new SdPriorityConverter();
        assertEquals("<3>", c.convert(event(l, ch.qos.logback.classic.Level.ERROR, false)));
        assertEquals("<4>", c.convert(event(l, ch.qos.logback.classic.Level.WARN, false)));
        assertEquals("<5>", c.convert(event(l, ch.qos.logback.classic.Level.INFO, true)));
        assertEquals("<6>", c.convert(event(l, ch.qos.logback.classic.Level.INFO, false)));
        assertEquals("<7>", c.convert(event(l, ch.qos.logback.classic.Level.DEBUG, false)));
    }

    private static ILoggingEvent event(Logger l, ch.qos.logback.classic.Level level, boolean notice) {
        ch.qos.logback.classic.spi.LoggingEvent e = new ch.qos.logback.classic.spi.LoggingEvent(
                "fqcn", l, level, "msg", null, null);
        if (notice) {
            e.addMarker(CarpdMarkers.NOTICE);
        }
        return e;
    }

    @Test
    void chooseLogTarget() {
        assertEquals(LogSetup.Target.JOURNAL, LogSetup.daemonTarget(java.util.Map.of("INVOCATION_ID", "x"), false));
        assertEquals(LogSetup.Target.CONSOLE, LogSetup.daemonTarget(java.util.Map.of(), true));
        assertEquals(LogSetup.Target.SYSLOG, LogSetup.daemonTarget(java.util.Map.of(), false));
    }
}
