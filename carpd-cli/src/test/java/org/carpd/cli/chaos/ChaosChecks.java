package org.carpd.cli.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.carpd.cli.lab.LabCarpd;
import org.carpd.testing.lab.HolderTimeline;
import org.carpd.testing.lab.HolderTimeline.Sample;

/**
 * The soak's invariants over the sampled holders and the nodes' {@code carpctl watch} history,
 * with the time windows in which a fault makes them not apply (a dead or frozen daemon keeps its
 * addresses, a partition elects a master on each side).
 */
final class ChaosChecks {
    /** A time window; {@code node} null means every node (a partition, loss). */
    record Window(String node, Instant from, Instant to, String what) {
        boolean covers(String n, Instant t) {
            return (node == null || node.equals(n)) && !t.isBefore(from) && !t.isAfter(to);
        }
    }

    private final List<Window> exempt = new ArrayList<>();
    private final Map<String, List<LabCarpd.Transition>> history = new HashMap<>();

    synchronized void exempt(String node, Instant from, Instant to, String what) {
        exempt.add(new Window(node, from, to, what));
    }

    synchronized List<Window> windows() {
        return List.copyOf(exempt);
    }

    void history(String node, List<LabCarpd.Transition> transitions) {
        history.put(node, transitions);
    }

    private boolean exempt(String node, Instant t) {
        return exempt.stream().anyMatch(w -> w.covers(node, t));
    }

    private boolean globalFault(Instant t) {
        return exempt.stream().anyMatch(w -> w.node() == null && w.covers(null, t));
    }

    /** The state of {@code iface} on {@code node} at {@code t} by its watch history ("INIT" before any). */
    String stateAt(String node, String iface, Instant t) {
        String state = "INIT";
        for (LabCarpd.Transition x : history.getOrDefault(node, List.of())) {
            if (x.iface().equals(iface) && !x.time().isAfter(t)) {
                state = x.to();
            }
        }
        return state;
    }

    /**
     * The timeline with, in each sample, only the holders that count: not a node inside one of its
     * own fault windows (dead, frozen, just restarted, unplugged).
     */
    HolderTimeline counted(HolderTimeline t) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : t.samples()) {
            Map<String, Set<String>> holders = new LinkedHashMap<>();
            s.holders().forEach((addr, hs) -> {
                Set<String> keep = new TreeSet<>();
                hs.stream().filter(h -> !exempt(h, s.at())).forEach(keep::add);
                holders.put(addr, keep);
            });
            out.add(new Sample(s.at(), holders, s.neighbour()));
        }
        return new HolderTimeline(out, t.period());
    }

    /** Longest run of two or more holders of {@code address} outside every partition/loss window (and its grace). */
    Duration longestDoubleHoldingOutsideGlobalFaults(HolderTimeline t, String address) {
        return t.longestRunOf(s -> !globalFault(s.at()) && s.holdersOf(address).size() >= 2);
    }

    /**
     * Longest run, outside fault windows, in which a host holds {@code address} of {@code iface}
     * while its watch history says it is not MASTER; with the offending sample's description.
     */
    Duration longestHolderNotMaster(HolderTimeline t, String address, String iface, StringBuilder where) {
        Predicate<Sample> bad = s -> !globalFault(s.at()) && s.holdersOf(address).stream()
                .anyMatch(h -> !exempt(h, s.at()) && !stateAt(h, iface, s.at()).equals("MASTER"));
        for (Sample s : t.samples()) {
            if (bad.test(s) && where.length() == 0) {
                where.append(s.at()).append(' ').append(s.holdersOf(address)).append(' ');
                s.holdersOf(address).forEach(h -> where.append(h).append('=').append(stateAt(h, iface, s.at())).append(' '));
            }
        }
        return t.longestRunOf(bad);
    }
}
