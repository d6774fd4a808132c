package org.carpd.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carpd.cli.track.TrackState;
import org.carpd.cli.track.TrackerStatus;
import org.junit.jupiter.api.Test;

class TrackerMetricsTest {
    @Test
    void eachTrackerHasItsStateSharesAndCounts() {
        MetricsSnapshot s = new MetricsSnapshot(List.of(), Map.of(), Map.of(), Map.of("carp", 50), 0)
                .withTrackers(List.of(
                        new TrackerStatus("web", "script", "/bin/check", TrackState.FAILED, "exit 1", 3,
                                Optional.of(Instant.EPOCH), 10, 4, Map.of("carp", 50), Map.of("carp", 50, "lb", 5)),
                        new TrackerStatus("up", "interface", "eth2", TrackState.UNKNOWN, "no result yet", 0,
                                Optional.empty(), 0, 0, Map.of(), Map.of("carp", 20))));
        String text = PrometheusFormat.render(s);
        for (String line : List.of("carpd_tracker_state{tracker=\"web\",kind=\"script\"} 2",
                "carpd_tracker_state{tracker=\"up\",kind=\"interface\"} 0",
                "carpd_tracker_demotion{tracker=\"web\",group=\"carp\"} 50",
                "carpd_tracker_demotion{tracker=\"web\",group=\"lb\"} 0",
                "carpd_tracker_demotion{tracker=\"up\",group=\"carp\"} 0",
                "carpd_tracker_checks_total{tracker=\"web\"} 10",
                "carpd_tracker_failures_total{tracker=\"web\"} 4")) {
            assertTrue(text.contains(line + "\n"), line + " in\n" + text);
        }
        assertFalse(PrometheusFormat.render(new MetricsSnapshot(List.of(), Map.of(), Map.of(), Map.of(), 0))
                .contains("carpd_tracker"), "no trackers, no tracker metrics");
    }
}
