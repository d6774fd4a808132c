package org.carpd.cli.track;

import static org.carpd.cli.track.Fakes.exit;
import static org.carpd.cli.track.Fakes.timedOut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.carpd.core.config.TrackConfig;
import org.junit.jupiter.api.Test;

/** A script tracker driven by a hand-run scheduler and scripted results: counting, shares, log lines. */
class ScriptTrackerTest {
    private static final Duration TWO = Duration.ofSeconds(2);
    private final Fakes.ManualScheduler scheduler = new Fakes.ManualScheduler();
    private final Fakes.RecordingDemoter demoter = new Fakes.RecordingDemoter();
    private final Fakes.ScriptedRunner runner = new Fakes.ScriptedRunner();

    private static TrackConfig web(int rise, int fall, Map<String, Integer> demote) {
        return new TrackConfig("web", new TrackConfig.Script(List.of("/usr/local/bin/check-web", "-q"), 2, 1, rise, fall),
                demote);
    }

    private TrackerSet set(TrackConfig... configs) {
        TrackerSet s = new TrackerSet(demoter, runner, new LinkWatch(name -> CarrierTracker.Link.MISSING, false),
                scheduler, Fakes.CLOCK);
        s.apply(List.of(configs));
        return s;
    }

    @Test
    void demotesAfterFallFailuresAndLiftsAfterRisePassesLoggingWhy() {
        runner.then(exit(0), exit(1), exit(1), exit(1, "connection refused\nmore"), exit(1), exit(0), exit(0));
        try (Fakes.Log log = new Fakes.Log()) {
            TrackerSet s = set(web(2, 3, Map.of("carp", 50)));
            for (int i = 0; i < 3; i++) {
                scheduler.tick(TWO);
            }
            assertEquals(List.of(), demoter.calls, "two failures of three hold nothing");
            scheduler.tick(TWO);
            assertEquals(List.of("track web carp 50"), demoter.calls);
            assertEquals("track web failed (exit 1, 3 times; stderr: connection refused [...])", demoter.reasons.get(0));
            TrackerStatus st = s.statuses().get(0);
            assertEquals(TrackState.FAILED, st.state());
            assertEquals(Map.of("carp", 50), st.held());
            assertEquals(4, st.checks());
            assertEquals(3, st.failures());
            scheduler.tick(TWO); // exit 1 again: nothing new
            scheduler.tick(TWO); // one pass of two
            assertEquals(1, demoter.calls.size());
            scheduler.tick(TWO);
            assertEquals(List.of("track web carp 50", "track web carp 0"), demoter.calls);
            assertEquals(TrackState.OK, s.statuses().get(0).state());
            assertEquals(Map.of(), s.statuses().get(0).held());
            assertEquals(List.of("INFO track web: passed (exit 0)",
                    "WARN track web: failed (exit 1, 3 times; stderr: connection refused [...]): demoting group carp by 50",
                    "INFO track web: recovered (exit 0, 2 times): lifting its demotion of group carp (50)"),
                    log.lines.stream().filter(l -> l.contains("track web")).toList());
        }
        assertEquals(List.of("/usr/local/bin/check-web", "-q"), runner.runs.get(0));
        assertEquals(Duration.ofSeconds(1), runner.timeouts.get(0));
    }

    @Test
    void aTimeoutIsAFailure() {
        runner.then(timedOut());
        TrackerSet s = set(web(1, 1, Map.of("carp", 50, "lb", 7)));
        scheduler.tick(TWO);
        assertEquals(List.of("track web carp 50", "track web lb 7"), demoter.calls);
        assertEquals("timed out after 1 s", s.statuses().get(0).last());
    }

    @Test
    void aShareTheEngineDidNotTakeIsPushedAgainOnTheResyncNeverTwice() {
        runner.then(exit(1));
        demoter.failNext = 1;
        TrackerSet s = set(web(1, 1, Map.of("carp", 50)));
        scheduler.tick(TWO);
        assertEquals(List.of(), demoter.calls);
        assertEquals(Map.of(), s.statuses().get(0).held(), "carpctl shows what the engine holds");
        scheduler.tick(TrackerSet.RESYNC);
        scheduler.tick(TrackerSet.RESYNC);
        assertEquals(List.of("track web carp 50"), demoter.calls);
        assertEquals(Map.of("carp", 50), s.statuses().get(0).held());
    }

    @Test
    void stderrIsShownAsOneBoundedLine() {
        String shown = ScriptTracker.shown("x".repeat(10_000) + "\u001b[31m");
        assertEquals(ScriptTracker.MAX_SHOWN + " [...]".length(), shown.length());
        assertEquals("a?b", ScriptTracker.shown("a\u0007b\n"));
        assertTrue(ScriptTracker.shown("one\ntwo").endsWith("[...]"));
    }
}
