package org.carpd.cli.track;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What carpctl and the metrics show of one tracker.
 *
 * @param name     the tracker's name
 * @param kind     script, interface or file
 * @param target   the command, interface or file watched
 * @param state    its verdict
 * @param last     the last result, e.g. "exit 1", "eth2 has no carrier", "value 3"
 * @param streak   how many results in a row agree with the last one
 * @param since    when the state last changed; empty before the first result
 * @param checks   results so far
 * @param failures failed results so far
 * @param held     the demotion it holds now, by group (empty while it passes)
 * @param demote   its configured weights, by group
 */
public record TrackerStatus(String name, String kind, String target, TrackState state, String last, int streak,
                            Optional<Instant> since, long checks, long failures, Map<String, Integer> held,
                            Map<String, Integer> demote) {
    public TrackerStatus {
        held = Map.copyOf(held);
        demote = Map.copyOf(demote);
    }
}
