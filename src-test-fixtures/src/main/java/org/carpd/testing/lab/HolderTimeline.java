package org.carpd.testing.lab;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assertions;

/**
 * The holders of virtual addresses over time, as {@link HolderSampler} saw them, with the
 * assertions the lab tests make. A "run" is a maximal stretch of consecutive samples in which a
 * condition holds; its duration is measured from its first sample to the first sample after it
 * (or to its last sample if it lasts to the end), so it over-estimates the true duration by at
 * most one sampling gap and a run shorter than one period may be missed entirely.
 *
 * @param samples in time order
 * @param period the nominal sampling period
 */
public record HolderTimeline(List<Sample> samples, Duration period) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /**
     * One tick.
     *
     * @param at when the tick started
     * @param holders per address (canonical form), the names of the hosts holding it on eth0
     * @param neighbour per address, the host (or MAC) the client's neighbour entry points to, "" if none
     */
    public record Sample(Instant at, Map<String, Set<String>> holders, Map<String, String> neighbour) {
        public Sample {
            holders = Map.copyOf(holders.entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue()))));
            neighbour = Map.copyOf(neighbour);
        }

        /** Holders of {@code address} (any literal form). */
        public Set<String> holdersOf(String address) {
            return holders.getOrDefault(HolderSampler.canonical(address), Set.of());
        }

        /** The client's neighbour entry for {@code address}: host name, MAC, or "". */
        public String neighbourOf(String address) {
            return neighbour.getOrDefault(HolderSampler.canonical(address), "");
        }
    }

    public HolderTimeline {
        samples = List.copyOf(samples);
    }

    /** The samples taken in [{@code from}, {@code to}). */
    public HolderTimeline between(Instant from, Instant to) {
        return new HolderTimeline(samples.stream().filter(s -> !s.at().isBefore(from) && s.at().isBefore(to)).toList(),
                period);
    }

    /** The samples taken at or after {@code from}. */
    public HolderTimeline from(Instant from) {
        return between(from, Instant.MAX);
    }

    /** The longest run of samples where {@code holders} of {@code address} satisfy {@code condition}. */
    public Duration longestRun(String address, Predicate<Set<String>> condition) {
        return longestRunOf(s -> condition.test(s.holdersOf(address)));
    }

    /** The longest run of samples satisfying {@code condition}. */
    public Duration longestRunOf(Predicate<Sample> condition) {
        Duration longest = Duration.ZERO;
        int i = 0;
        while (i < samples.size()) {
            if (!condition.test(samples.get(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < samples.size() && condition.test(samples.get(j + 1))) {
                j++;
            }
            Instant end = j + 1 < samples.size() ? samples.get(j + 1).at() : samples.get(j).at();
            Duration d = Duration.between(samples.get(i).at(), end);
            if (d.isZero()) {
                d = period; // one sample at the very end: count it as one period
            }
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
            i = j + 1;
        }
        return longest;
    }

    /** Longest stretch with two or more holders of {@code address}. */
    public Duration longestDoubleHolding(String address) {
        return longestRun(address, h -> h.size() >= 2);
    }

    /** Longest stretch without any holder of {@code address}. */
    public Duration longestWithoutHolder(String address) {
        return longestRun(address, Set::isEmpty);
    }

    /** Fails unless {@code address} was never held by two hosts for longer than {@code limit}. */
    public void assertNeverTwoHoldersLongerThan(String address, Duration limit) {
        Duration d = longestDoubleHolding(address);
        if (d.compareTo(limit) > 0) {
            Assertions.fail(address + " held by two hosts for " + d.toMillis() + " ms (limit " + limit.toMillis()
                    + " ms):\n" + render(address));
        }
    }

    /** Fails unless {@code address} was never without a holder for longer than {@code limit}. */
    public void assertNoHolderAtMost(String address, Duration limit) {
        Duration d = longestWithoutHolder(address);
        if (d.compareTo(limit) > 0) {
            Assertions.fail(address + " had no holder for " + d.toMillis() + " ms (limit " + limit.toMillis()
                    + " ms):\n" + render(address));
        }
    }

    /**
     * Fails unless every sample at or after {@code from} shows exactly one holder of
     * {@code address}, the same one throughout (there must be such samples); returns that host.
     */
    public String assertExactlyOneHolderFrom(String address, Instant from) {
        List<Sample> after = from(from).samples();
        if (after.isEmpty()) {
            Assertions.fail("no samples of " + address + " after " + TIME.format(from) + ":\n" + render(address));
        }
        String holder = null;
        for (Sample s : after) {
            Set<String> h = s.holdersOf(address);
            if (h.size() != 1 || (holder != null && !h.contains(holder))) {
                Assertions.fail("wanted one stable holder of " + address + " from " + TIME.format(from) + ", at "
                        + TIME.format(s.at()) + " " + h + ":\n" + render(address));
            }
            holder = h.iterator().next();
        }
        return holder;
    }

    /** When {@code address} first had holders satisfying {@code condition} at or after {@code after}. */
    public Optional<Instant> firstTime(String address, Instant after, Predicate<Set<String>> condition) {
        return from(after).samples().stream().filter(s -> condition.test(s.holdersOf(address)))
                .map(Sample::at).findFirst();
    }

    /** Every host that held {@code address} in some sample. */
    public Set<String> everHeldBy(String address) {
        Set<String> all = new java.util.TreeSet<>();
        samples.forEach(s -> all.addAll(s.holdersOf(address)));
        return all;
    }

    /** The changes only, one line each: {@code HH:mm:ss.SSS holders=[h1] neigh=h1}. */
    public String render(String address) {
        List<String> lines = new ArrayList<>();
        String last = null;
        for (Sample s : samples) {
            String now = "holders=" + s.holdersOf(address) + " neigh=" + s.neighbourOf(address);
            if (!now.equals(last)) {
                lines.add("  " + TIME.format(s.at()) + " " + now);
                last = now;
            }
        }
        if (!samples.isEmpty()) {
            lines.add("  " + TIME.format(samples.get(samples.size() - 1).at()) + " (last of " + samples.size()
                    + " samples)");
        }
        return String.join("\n", lines);
    }
}
