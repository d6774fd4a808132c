package org.carpd.cli.track;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrackListingTest {
    private static final List<TrackerStatus> ALL = List.of(
            new TrackerStatus("web", "script", "/bin/check \"x\"", TrackState.FAILED, "exit 1", 3,
                    Optional.of(Instant.parse("2026-12-02T15:10:00Z")), 40, 3, Map.of("carp", 50), Map.of("carp", 50)),
            new TrackerStatus("up", "interface", "eth2", TrackState.UNKNOWN, "no result yet", 0, Optional.empty(), 0, 0,
                    Map.of(), Map.of("lb", 5, "carp", 20)));

    @Test
    void textShowsStateLastResultAndTheDemotionHeld() {
        assertEquals(List.of(
                "track web: script /bin/check \"x\": FAILED since 2026-12-02T15:10:00Z (exit 1, 3 in a row; 40 checks,"
                        + " 3 failed); holds carp 50 of carp 50",
                "track up: interface eth2: UNKNOWN (no result yet, 0 in a row; 0 checks, 0 failed); holds nothing of"
                        + " carp 20, lb 5"), TrackListing.text(ALL));
    }

    @Test
    void jsonHasEveryField() {
        assertEquals("{\"trackers\":[{\"name\":\"web\",\"kind\":\"script\",\"target\":\"/bin/check \\\"x\\\"\","
                + "\"state\":\"FAILED\",\"last\":\"exit 1\",\"streak\":3,\"since\":\"2026-12-02T15:10:00Z\",\"checks\":40,"
                + "\"failures\":3,\"held\":{\"carp\":50},\"demote\":{\"carp\":50}},{\"name\":\"up\",\"kind\":\"interface\","
                + "\"target\":\"eth2\",\"state\":\"UNKNOWN\",\"last\":\"no result yet\",\"streak\":0,\"since\":null,"
                + "\"checks\":0,\"failures\":0,\"held\":{},\"demote\":{\"carp\":20,\"lb\":5}}]}", TrackListing.json(ALL));
    }

    @Test
    void oneTrackerByNameAndAnUnknownName() {
        assertEquals(List.of(TrackListing.text(ALL).get(1)),
                TrackListing.reply(List.of("track", "up"), false, ALL).lines());
        var none = TrackListing.reply(List.of("track", "down"), false, ALL);
        assertEquals(2, none.status());
        assertEquals(List.of("carpctl: no such tracker: down"), none.lines());
    }
}
