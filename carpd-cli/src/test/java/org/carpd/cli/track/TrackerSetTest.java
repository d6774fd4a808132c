package org.carpd.cli.track;

import static org.carpd.cli.track.Fakes.exit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.TrackConfig;
import org.carpd.core.engine.CarpEngine;
import org.junit.jupiter.api.Test;

/** Reloads keep, move or release trackers' shares exactly; trackers and the operator share a group without drift. */
class TrackerSetTest {
    private static final Duration TWO = Duration.ofSeconds(2);
    private final Fakes.ManualScheduler scheduler = new Fakes.ManualScheduler();
    private final Fakes.RecordingDemoter demoter = new Fakes.RecordingDemoter();
    private final Fakes.ScriptedRunner runner = new Fakes.ScriptedRunner();

    private static TrackConfig script(String name, String path, Map<String, Integer> demote) {
        return new TrackConfig(name, new TrackConfig.Script(List.of(path), 2, 2, 1, 1), demote);
    }

    private TrackerSet set(Demoter d) {
        return new TrackerSet(d, runner, new LinkWatch(name -> CarrierTracker.Link.MISSING, false), scheduler, Fakes.CLOCK);
    }

    @Test
    void anUnchangedTrackerKeepsItsVerdictAndShareAcrossAReload() {
        runner.then(exit(1));
        TrackerSet s = set(demoter);
        TrackConfig web = script("web", "/bin/check", Map.of("carp", 50));
        s.apply(List.of(web));
        scheduler.tick(TWO);
        s.apply(List.of(script("web", "/bin/check", Map.of("carp", 50))));
        assertEquals(List.of("track web carp 50"), demoter.calls, "no release, no second hold");
        assertEquals(TrackState.FAILED, s.statuses().get(0).state());
        assertEquals(2, scheduler.live(), "the resync and the one script schedule");
    }

    @Test
    void newWeightsMoveTheShareWithoutLiftingItFirst() {
        runner.then(exit(1));
        TrackerSet s = set(demoter);
        s.apply(List.of(script("web", "/bin/check", Map.of("carp", 50, "lb", 5))));
        scheduler.tick(TWO);
        try (Fakes.Log log = new Fakes.Log()) {
            s.apply(List.of(script("web", "/bin/check", Map.of("carp", 60))));
            assertEquals(List.of("INFO track web: reconfigured, still FAILED: now demoting group carp by 60,"
                    + " lifting its demotion of group lb (5)"), log.lines);
        }
        assertEquals(List.of("track web carp 50", "track web lb 5", "track web carp 60", "track web lb 0"), demoter.calls);
        assertEquals(Map.of("carp", 60), s.statuses().get(0).held());
    }

    @Test
    void aChangedCheckReplacesTheTrackerAndARemovedOneReleasesItsShare() {
        runner.then(exit(1), exit(0));
        TrackerSet s = set(demoter);
        s.apply(List.of(script("web", "/bin/check", Map.of("carp", 50))));
        scheduler.tick(TWO);
        s.apply(List.of(script("web", "/bin/other", Map.of("carp", 50))));
        assertEquals(List.of("track web carp 50", "track web carp 0"), demoter.calls);
        assertEquals(TrackState.UNKNOWN, s.statuses().get(0).state());
        assertEquals(2, scheduler.live(), "the old schedule is cancelled");
        scheduler.tick(TWO);
        assertEquals(TrackState.OK, s.statuses().get(0).state());
        s.apply(List.of());
        assertEquals(List.of(), s.statuses());
        assertEquals(1, scheduler.live());
    }

    @Test
    void twoTrackersAndTheOperatorOnOneGroupNeverDrift() throws Exception {
        CarpEngine engine = new CarpEngine(ConfigParser.parse("t", "carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"),
                1, new SplittableRandom(1));
        Demoter real = (holder, group, share, why) -> engine.holdGroupDemotion(0, holder, group, share, why);
        runner.then(exit(1), exit(1), exit(0), exit(0));
        TrackerSet s = set(real);
        s.apply(List.of(script("a", "/bin/a", Map.of("carp", 200)), script("b", "/bin/b", Map.of("carp", 100))));
        scheduler.tick(TWO); // both fail: 300, shown as 255
        assertEquals(255, engine.demotion().get("carp"));
        engine.adjustGroupDemotion(0, "carp", 20);
        engine.adjustGroupDemotion(0, "carp", -50); // the operator's counter stops at 0
        scheduler.tick(TWO); // both recover
        assertEquals(0, engine.demotion().get("carp"));
        engine.adjustGroupDemotion(0, "carp", 7);
        s.apply(List.of());
        assertEquals(7, engine.demotion().get("carp"), "only the operator's 7 is left");
    }
}
