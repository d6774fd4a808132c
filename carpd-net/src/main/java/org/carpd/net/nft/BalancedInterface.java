package org.carpd.net.nft;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.carpd.core.wire.MacAddress;

/**
 * What the kernel needs to know about one load-balanced carp interface: where its traffic
 * arrives, the shared MAC the neighbours send it to, the virtual addresses whose ARP and neighbour
 * solicitations carpd answers itself, how many buckets (carpnodes) the traffic is spread over and
 * which of them this host serves now (the carpnodes it is MASTER of).
 *
 * @param name      the carp interface, e.g. {@code carp0}
 * @param carpdev   the parent interface the traffic arrives on
 * @param mac       the MAC every member receives (multicast for {@code balancing ip})
 * @param addresses the virtual addresses, IPv4 and IPv6
 * @param buckets   the number of carpnodes, 1..255
 * @param owned     bucket numbers 0..buckets-1 this host serves
 */
public record BalancedInterface(String name, String carpdev, MacAddress mac, List<InetAddress> addresses,
                                int buckets, SortedSet<Integer> owned) {
    public BalancedInterface {
        addresses = List.copyOf(addresses);
        if (buckets < 1 || buckets > 255) {
            throw new IllegalArgumentException("buckets must be 1..255: " + buckets);
        }
        owned = new TreeSet<>(owned);
        for (int b : owned) {
            if (b < 0 || b >= buckets) {
                throw new IllegalArgumentException("bucket " + b + " outside 0.." + (buckets - 1));
            }
        }
        owned = java.util.Collections.unmodifiableSortedSet(owned);
    }

    /** The same interface serving {@code buckets} now. */
    public BalancedInterface withOwned(Set<Integer> buckets) {
        return new BalancedInterface(name, carpdev, mac, addresses, this.buckets, new TreeSet<>(buckets));
    }
}
