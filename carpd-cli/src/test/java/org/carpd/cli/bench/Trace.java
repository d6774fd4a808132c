package org.carpd.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carpd.cli.bench.AddressMonitor.Span;

/**
 * What one failover run recorded: the probe's reply times, when the fault happened and when each
 * node held the virtual address.
 *
 * @param lost    when each request that got no reply was sent
 * @param holders per node (h1 the master, h2 the backup), when it held the address
 */
record Trace(Scenario scenario, Daemon daemon, int round, Instant start, Instant fault, Instant end,
             List<Instant> replies, List<Instant> lost, List<List<Span>> holders) {
    Trace {
        replies = List.copyOf(replies);
        lost = List.copyOf(lost);
        holders = List.copyOf(holders);
    }

    /**
     * Requests sent after the fault that got no reply. Unlike the outage, which also grows when the
     * prober itself is descheduled and sends nothing for a while, this counts only what the
     * network or the daemons lost.
     */
    long lostAfterFault() {
        return lost.stream().filter(t -> t.isAfter(fault)).count();
    }

    /**
     * The index of the reply that ends the failover's longest gap (replies[i-1] .. replies[i]), or -1
     * without one: the longest gap that ends after the fault and begins before h2 took the address.
     * Other gaps are the probe's own noise on a busy machine ({@link #noiseMillis()} before the fault).
     */
    int longestGapEnd() {
        Instant takeover = takeover();
        int best = -1;
        long longest = -1;
        for (int i = 1; i < replies.size(); i++) {
            long gap = Duration.between(replies.get(i - 1), replies.get(i)).toNanos();
            if (replies.get(i).isAfter(fault) && replies.get(i - 1).isBefore(takeover) && gap > longest) {
                longest = gap;
                best = i;
            }
        }
        return best;
    }

    /** When h2 took the address (its first span from the fault on), or the end of the run. */
    Instant takeover() {
        return holders.get(1).stream().map(Span::from).filter(t -> !t.isBefore(fault)).findFirst().orElse(end);
    }

    /**
     * The outage in two parts, in ms: from the last reply before it to h2 taking the address
     * (detection and takeover), and from there to the first reply (the new master answering);
     * NaN without an outage.
     */
    double[] outageSplitMillis() {
        int i = longestGapEnd();
        if (i < 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        Instant takeover = takeover();
        return new double[] {Duration.between(replies.get(i - 1), takeover).toNanos() / 1e6,
                Duration.between(takeover, replies.get(i)).toNanos() / 1e6};
    }

    /** The outage: the failover's longest gap between two replies, minus one probe interval, in ms (never negative). */
    double outageMillis() {
        int i = longestGapEnd();
        if (i < 0) {
            return Double.NaN;
        }
        Duration gap = Duration.between(replies.get(i - 1), replies.get(i)).minus(Scenario.PROBE_INTERVAL);
        return Math.max(0, gap.toNanos() / 1e6);
    }

    /** The probe's noise: the longest gap between replies before the fault, minus one interval, in ms. */
    double noiseMillis() {
        double longest = 0;
        for (int i = 1; i < replies.size() && replies.get(i).isBefore(fault); i++) {
            longest = Math.max(longest, Duration.between(replies.get(i - 1), replies.get(i)).minus(Scenario.PROBE_INTERVAL).toNanos() / 1e6);
        }
        return longest;
    }

    /** Replies before and after the fault: the probe ran and the address came back. */
    void requireSane() {
        long before = replies.stream().filter(t -> t.isBefore(fault)).count();
        long after = replies.stream().filter(t -> t.isAfter(fault)).count();
        if (before == 0 || after == 0) {
            throw new BenchException(daemon.id + " " + scenario.id + " round " + round + ": " + before
                    + " probe replies before the fault and " + after + " after it (probe broken or no takeover)");
        }
    }
}
