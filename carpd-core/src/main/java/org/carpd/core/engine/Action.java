package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.List;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.wire.DropReason;

/** What the engine asks the I/O layer to do, or to report. Poll them after every input. */
public sealed interface Action {

    /**
     * Send this Ethernet frame on the carpdev, then report the outcome with
     * {@link CarpEngine#onSendResult}. An empty {@code frame} means there was nothing to send from
     * (an IPv6 advertisement while the carpdev has no usable link-local address, or no IPv6
     * address of wider scope for a peer that is not link-local): send nothing and report a failure.
     *
     * <p>With a {@code peer} (a unicast peer, {@code carppeer}), {@code frame} is an IP packet
     * without Ethernet header, its source the carpdev's own address: let the kernel route it to
     * {@code peer} (a link-local peer is reached through the carpdev).
     */
    record Transmit(String carpdev, String carpInterface, boolean ipv6, byte[] frame, InetAddress peer)
            implements Action {
        /** A multicast advertisement: an Ethernet frame for the carpdev. */
        public Transmit(String carpdev, String carpInterface, boolean ipv6, byte[] frame) {
            this(carpdev, carpInterface, ipv6, frame, null);
        }
    }

    /** Configure these virtual addresses on the carpdev (we became MASTER). */
    record AddAddresses(String carpdev, String carpInterface, int vhid, List<VirtualAddress> addresses)
            implements Action {
    }

    /** Remove these virtual addresses from the carpdev (we are no longer MASTER). */
    record RemoveAddresses(String carpdev, String carpInterface, int vhid, List<VirtualAddress> addresses)
            implements Action {
    }

    /** Gratuitous ARP for each IPv4 address, unsolicited NA (override) for each IPv6 one. */
    record Announce(String carpdev, String carpInterface, List<VirtualAddress> addresses) implements Action {
    }

    /** A vhid changed state. */
    record StateChanged(String carpInterface, int vhid, CarpState from, CarpState to,
                        TransitionReason reason) implements Action {
    }

    /**
     * A received packet was dropped; already counted. {@code carpInterface} is null when the
     * packet could not be attributed to one. {@code source} may be null.
     */
    record PacketDropped(String carpdev, String carpInterface, DropReason reason, InetAddress source,
                         String detail) implements Action {
    }

    /**
     * Something about a peer that the operator must hear of (logged at warning by the daemon):
     * a fixed-counter peer, or advertisements for a vhid we are MASTER of that fail
     * authentication. The engine limits how often it says the same thing.
     */
    record PeerNotice(String carpInterface, InetAddress source, String message) implements Action {
    }

    /** A group's demotion counter changed, by the engine (send errors, carpdev) or an operator. */
    record DemotionChanged(String group, int from, int to, String why) implements Action {
    }

    /**
     * A load-balanced carp interface's buckets changed: {@code owned} are the carpnodes (bucket i =
     * the i-th carpnode in ascending vhid order) this host is MASTER of now, out of {@code buckets};
     * {@code active} is false once every carpnode left the election (the driver then removes its
     * rules). Emitted before the addresses are added and after they are removed.
     */
    record BalancingChanged(String carpdev, String carpInterface, org.carpd.core.config.Balancing balancing,
                            List<VirtualAddress> addresses, java.util.SortedSet<Integer> owned, boolean active)
            implements Action {
        public BalancingChanged {
            addresses = List.copyOf(addresses);
            owned = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(owned));
        }

        public int buckets() {
            return balancing.nodes().size();
        }
    }
}
