package org.carpd.cli.metrics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carpd.cli.track.TrackerStatus;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;

/**
 * What one scrape shows, copied out of the engine in one go so the numbers agree with each other.
 *
 * @param vhids    every carp interface, in configuration order
 * @param counters each carp interface's counters, by interface name
 * @param total    counters over the whole daemon, including frames no carp interface claimed
 * @param groups   demotion of every configured group (0 unless set), by group name
 * @param maintenance whether the node is in maintenance mode ({@code carpctl maintenance on})
 * @param trackers each health tracker's status, in configuration order
 */
public record MetricsSnapshot(List<VirtualHostStatus> vhids, Map<String, Map<Counter, Long>> counters,
                              Map<Counter, Long> total, Map<String, Integer> groups, long floodDrops,
                              boolean maintenance, List<TrackerStatus> trackers) {
    public MetricsSnapshot {
        vhids = List.copyOf(vhids);
        counters = Map.copyOf(counters);
        total = Map.copyOf(total);
        groups = new TreeMap<>(groups);
        trackers = List.copyOf(trackers);
    }

    public MetricsSnapshot(List<VirtualHostStatus> vhids, Map<String, Map<Counter, Long>> counters,
                           Map<Counter, Long> total, Map<String, Integer> groups, long floodDrops) {
        this(vhids, counters, total, groups, floodDrops, false, List.of());
    }

    public MetricsSnapshot(List<VirtualHostStatus> vhids, Map<String, Map<Counter, Long>> counters,
                           Map<Counter, Long> total, Map<String, Integer> groups, long floodDrops,
                           boolean maintenance) {
        this(vhids, counters, total, groups, floodDrops, maintenance, List.of());
    }

    /** Takes a snapshot; call it on the protocol thread (through {@code CarpHost.call}). */
    public static MetricsSnapshot of(CarpEngine engine) {
        List<VirtualHostStatus> vhids = engine.status();
        Map<String, Map<Counter, Long>> counters = new TreeMap<>();
        vhids.forEach(v -> counters.put(v.name(), engine.counters(v.name()).snapshot()));
        Map<String, Integer> groups = new TreeMap<>();
        engine.config().interfaces().stream().map(c -> c.groups()).flatMap(Collection::stream)
                .forEach(g -> groups.put(g, 0));
        groups.putAll(engine.demotion().snapshot());
        return new MetricsSnapshot(vhids, counters, engine.totalCounters().snapshot(), groups, 0,
                engine.maintenance(), List.of());
    }

    /** The same snapshot with the count of frames the I/O layer dropped unread (a flood). */
    public MetricsSnapshot withFloodDrops(long drops) {
        return new MetricsSnapshot(vhids, counters, total, groups, drops, maintenance, trackers);
    }

    /** The same snapshot with the trackers' statuses (taken off the protocol thread). */
    public MetricsSnapshot withTrackers(List<TrackerStatus> next) {
        return new MetricsSnapshot(vhids, counters, total, groups, floodDrops, maintenance, next);
    }
}
