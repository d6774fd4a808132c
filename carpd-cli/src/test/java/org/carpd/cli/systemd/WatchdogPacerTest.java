package org.carpd.cli.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog's pacing: at most one WATCHDOG=1 per half of WATCHDOG_USEC, whatever the loop's pace. */
class WatchdogPacerTest {
    static final long MS = 1_000_000L;

    @Test
    void pingsAtOnceThenEveryHalfIntervalHoweverOftenTheLoopTurns() {
        List<Long> pings = new ArrayList<>();
        long[] now = {5_000 * MS};
        WatchdogPacer pacer = WatchdogPacer.fromEnvironment(Map.of("WATCHDOG_USEC", "2000000"), 42,
                () -> pings.add(now[0])).orElseThrow();
        assertEquals(1000 * MS, pacer.periodNanos(), "half of WATCHDOG_USEC");
        // the loop turns every 7 ms for 10 s
        for (; now[0] < 15_000 * MS; now[0] += 7 * MS) {
            pacer.accept(now[0]);
        }
        assertEquals(5_000 * MS, pings.get(0), "the first turn pings");
        assertEquals(10, pings.size(), pings.toString());
        for (int i = 1; i < pings.size(); i++) {
            long gap = pings.get(i) - pings.get(i - 1);
            assertTrue(gap >= 1000 * MS && gap < 1007 * MS, "gap " + gap / MS + " ms");
        }
    }

    @Test
    void aLoopThatStopsTurningStopsThePings() {
        AtomicInteger pings = new AtomicInteger();
        WatchdogPacer pacer = new WatchdogPacer(500 * MS, pings::incrementAndGet);
        pacer.accept(0);
        pacer.accept(400 * MS);
        assertEquals(1, pings.get());
        // a stall of 30 s: nothing calls the pacer, so nothing is sent; the next turn pings at once
        pacer.accept(30_400 * MS);
        assertEquals(2, pings.get());
        pacer.accept(30_500 * MS);
        assertEquals(2, pings.get());
    }

    @Test
    void onlyAWatchdogMeantForThisProcessIsServed() {
        Runnable none = () -> { };
        assertTrue(WatchdogPacer.fromEnvironment(Map.of(), 42, none).isEmpty());
        assertTrue(WatchdogPacer.fromEnvironment(Map.of("WATCHDOG_USEC", "0"), 42, none).isEmpty());
        assertTrue(WatchdogPacer.fromEnvironment(Map.of("WATCHDOG_USEC", "x"), 42, none).isEmpty());
        assertTrue(WatchdogPacer.fromEnvironment(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "7"), 42, none).isEmpty());
        assertTrue(WatchdogPacer.fromEnvironment(Map.of("WATCHDOG_USEC", "1000", "WATCHDOG_PID", "42"), 42, none).isPresent());
        assertThrows(IllegalArgumentException.class, () -> new WatchdogPacer(0, none));
    }
}
