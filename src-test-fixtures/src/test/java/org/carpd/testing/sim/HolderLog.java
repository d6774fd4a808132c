package org.carpd.testing.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.carpd.core.engine.CarpState;

/**
 * Who holds a carp interface's addresses over time: the LAN is run in 10 ms steps and the
 * MASTERs are noted after each, so that tests assert behaviour over time, not only the end.
 */
final class HolderLog {
    static final long STEP = 10_000_000L;

    record Sample(long at, Set<String> holders) {
        @Override
        public String toString() {
            return String.format("%.2fs %s", at / 1e9, holders);
        }
    }

    private final SimulatedLan lan;
    private final String carpInterface;
    private final List<Sample> samples = new ArrayList<>();

    HolderLog(SimulatedLan lan, String carpInterface) {
        this.lan = lan;
        this.carpInterface = carpInterface;
    }

    Set<String> holders() {
        return lan.hosts().stream().filter(h -> h.alive() && h.state(carpInterface) == CarpState.MASTER)
                .map(SimHost::name).collect(Collectors.toSet());
    }

    /** Runs the LAN for {@code span} ns, sampling the holders every step. */
    HolderLog run(long span) {
        long end = lan.clock().now() + span;
        while (lan.clock().now() < end) {
            lan.runFor(Math.min(STEP, end - lan.clock().now()));
            samples.add(new Sample(lan.clock().now(), holders()));
        }
        return this;
    }

    /** The longest stretch, within samples at or after {@code from}, with two or more holders. */
    long longestOverlapSince(long from) {
        long longest = 0;
        long start = -1;
        for (Sample s : samples) {
            if (s.at() < from) {
                continue;
            }
            if (s.holders().size() >= 2) {
                start = start < 0 ? s.at() : start;
                longest = Math.max(longest, s.at() - start);
            } else {
                start = -1;
            }
        }
        return longest;
    }

    /** When the final holder became the only one and stayed so to the end, or -1 if it did not. */
    long settledAt() {
        if (samples.isEmpty() || samples.get(samples.size() - 1).holders().size() != 1) {
            return -1;
        }
        Set<String> last = samples.get(samples.size() - 1).holders();
        long at = samples.get(samples.size() - 1).at();
        for (int i = samples.size() - 1; i >= 0 && samples.get(i).holders().equals(last); i--) {
            at = samples.get(i).at();
        }
        return at;
    }

    /** The single holder at the end, or null. */
    String finalHolder() {
        Set<String> last = samples.isEmpty() ? Set.of() : samples.get(samples.size() - 1).holders();
        return last.size() == 1 ? last.iterator().next() : null;
    }

    /** The first sample at or after {@code from} where {@code host} holds the addresses, or -1. */
    long firstHeldBy(String host, long from) {
        return samples.stream().filter(s -> s.at() >= from && s.holders().contains(host))
                .mapToLong(Sample::at).findFirst().orElse(-1);
    }

    /** The changes of holders only, for failure messages. */
    @Override
    public String toString() {
        List<Sample> changes = new ArrayList<>();
        for (Sample s : samples) {
            if (changes.isEmpty() || !changes.get(changes.size() - 1).holders().equals(s.holders())) {
                changes.add(s);
            }
        }
        return changes + "; transitions " + lan.transitions();
    }
}
