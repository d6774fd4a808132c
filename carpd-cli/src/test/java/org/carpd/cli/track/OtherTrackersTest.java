package org.carpd.cli.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carpd.core.config.TrackConfig;
import org.carpd.net.netlink.LinkEvent;
import org.carpd.net.netlink.LinkInfo;
import org.carpd.net.netlink.OperState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interface trackers fed by link events and readings; file trackers reading an integer. */
class OtherTrackersTest {
    private final Fakes.ManualScheduler scheduler = new Fakes.ManualScheduler();
    private final Fakes.RecordingDemoter demoter = new Fakes.RecordingDemoter();
    private final Map<String, CarrierTracker.Link> links = new ConcurrentHashMap<>();
    private final LinkWatch watch = new LinkWatch(name -> links.getOrDefault(name, CarrierTracker.Link.MISSING), false);

    @TempDir
    Path dir;

    private TrackerSet set(TrackConfig... configs) {
        TrackerSet s = new TrackerSet(demoter, (t, a, d) -> Fakes.exit(0), watch, scheduler, Fakes.CLOCK);
        s.apply(List.of(configs));
        return s;
    }

    private static LinkEvent event(int index, String name, int flags, boolean removed) {
        return new LinkEvent(new LinkInfo(index, name, Optional.empty(), 1500, flags, OperState.UNKNOWN), removed);
    }

    private static final int UP_RUNNING = LinkInfo.IFF_UP | LinkInfo.IFF_RUNNING;

    @Test
    void anInterfaceThatAppearsLaterLiftsTheDemotionAndItsLossesDemote() {
        TrackerSet s = set(new TrackConfig("uplink", new TrackConfig.Carrier("uplink0"), Map.of("carp", 50)));
        assertEquals(List.of("track uplink carp 50"), demoter.calls, "missing at start: failed at once");
        assertEquals("uplink0 does not exist", s.statuses().get(0).last());
        watch.onLinkEvent(event(7, "uplink0", UP_RUNNING, false));
        assertEquals(List.of("track uplink carp 50", "track uplink carp 0"), demoter.calls);
        watch.onLinkEvent(event(7, "uplink0", LinkInfo.IFF_UP, false));
        assertEquals("uplink0 has no carrier", s.statuses().get(0).last());
        watch.onLinkEvent(event(7, "uplink0", UP_RUNNING, false));
        watch.onLinkEvent(event(7, "uplink0", 0, false));
        assertEquals("uplink0 is administratively down", s.statuses().get(0).last());
        watch.onLinkEvent(event(7, "uplink0", UP_RUNNING, false));
        watch.onLinkEvent(event(7, "wan-old", UP_RUNNING, false)); // renamed away
        assertEquals("uplink0 does not exist", s.statuses().get(0).last());
        assertEquals(TrackState.FAILED, s.statuses().get(0).state());
        assertEquals(7, demoter.calls.size());
        links.put("uplink0", new CarrierTracker.Link(true, true, true));
        scheduler.tick(TrackerSet.RESYNC); // the periodic reading catches what no event said
        assertEquals(TrackState.OK, s.statuses().get(0).state());
        watch.onLinkEvent(event(8, "other", 0, false));
        assertEquals(TrackState.OK, s.statuses().get(0).state(), "other links do not matter");
    }

    @Test
    void aFileHoldsItsValueTimesTheWeightAndKeepsItWhenUnreadable() throws Exception {
        Path file = dir.resolve("weight");
        TrackerSet s = set(new TrackConfig("load", new TrackConfig.File(file.toString(), 1), Map.of("lb", 10, "carp", 100)));
        Duration one = Duration.ofSeconds(1);
        scheduler.tick(one);
        assertEquals(List.of(), demoter.calls, "missing: 0");
        assertEquals("file missing, value 0", s.statuses().get(0).last());
        Files.writeString(file, "3\n");
        scheduler.tick(one);
        assertEquals(List.of("track load carp 255", "track load lb 30"), demoter.calls);
        Files.writeString(file, "half-written");
        scheduler.tick(one);
        assertEquals(Map.of("carp", 255, "lb", 30), s.statuses().get(0).held());
        assertEquals("file holds no integer; keeping value 3", s.statuses().get(0).last());
        Files.writeString(file, " -4 ignored words");
        scheduler.tick(one);
        assertEquals(List.of("track load carp 255", "track load lb 30", "track load carp 0", "track load lb 0"),
                demoter.calls);
        assertEquals(TrackState.OK, s.statuses().get(0).state());
    }
}
