package org.carpd.core.engine;

import java.util.List;
import java.util.SortedSet;
import org.carpd.core.config.Balancing;

/**
 * A snapshot of one load-balanced carp interface, for carpctl and metrics.
 *
 * @param name      the carp interface
 * @param balancing the mode and carpnodes as configured
 * @param nodes     each carpnode's election, in bucket order
 * @param owned     the buckets this host serves (the carpnodes it is MASTER of)
 */
public record BalancedStatus(String name, String carpdev, Balancing balancing, List<Node> nodes,
                             SortedSet<Integer> owned) {
    /** One carpnode: bucket number, vhid, the advskew this host advertises, and its state here. */
    public record Node(int bucket, int vhid, int advskew, CarpState state) {
    }

    public BalancedStatus {
        nodes = List.copyOf(nodes);
    }
}
