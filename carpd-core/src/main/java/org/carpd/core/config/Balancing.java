package org.carpd.core.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Load balancing over carpnodes, as OpenBSD's {@code ifconfig carp0 carpnodes 1:0,2:100 balancing ip}:
 * each carpnode is a vhid with its own election and advertisements (same addresses, same key),
 * and every member holds the addresses; a member serves the traffic whose bucket is a carpnode it
 * is MASTER of. Carpnode i in ascending vhid order is bucket i (OpenBSD sorts its carpnodes by
 * vhid too, so members agree whatever order each one lists them in).
 *
 * @param mode  {@link Mode#NONE} for an ordinary carp interface (then {@code nodes} is empty)
 * @param nodes the carpnodes in ascending vhid order, at least two when balanced
 */
public record Balancing(Mode mode, List<CarpNode> nodes) {
    /** OpenBSD's CARP_MAXNODES. */
    public static final int MAX_NODES = 32;
    public static final Balancing NONE = new Balancing(Mode.NONE, List.of());

    /** One carpnode: a vhid and this member's advskew in its election. */
    public record CarpNode(int vhid, int advskew) {
        @Override
        public String toString() {
            return vhid + ":" + advskew;
        }
    }

    /** OpenBSD's balancing modes (without {@code arp}, which OpenBSD removed). */
    public enum Mode {
        NONE, IP, IP_UNICAST, IP_STEALTH;

        /** As written in the configuration: {@code ip-unicast}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Mode ofWord(String word) {
            for (Mode m : values()) {
                if (m.word().equals(word)) {
                    return m;
                }
            }
            return null;
        }
    }

    public Balancing {
        List<CarpNode> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparingInt(CarpNode::vhid));
        nodes = List.copyOf(sorted);
    }

    public boolean balanced() {
        return mode != Mode.NONE;
    }

    /** The same carpnodes with one node's advskew changed. */
    public Balancing withAdvskew(int vhid, int advskew) {
        List<CarpNode> next = new ArrayList<>();
        nodes.forEach(n -> next.add(n.vhid() == vhid ? new CarpNode(vhid, advskew) : n));
        return new Balancing(mode, next);
    }

    /**
     * The MAC every member receives the traffic on, from the first (lowest) carpnode's vhid:
     * {@code ip} a multicast MAC, 01:00:5e:00:01:VHID, as OpenBSD; {@code ip-unicast} and
     * {@code ip-stealth} the unicast 00:00:5e:00:01:VHID, which no carpd member ever sends from,
     * so that switches never learn it and flood it to every port.
     */
    public byte[] sharedMac() {
        if (!balanced()) {
            throw new IllegalStateException("not balanced");
        }
        return new byte[] {(byte) (mode == Mode.IP ? 1 : 0), 0, 0x5e, 0, 1, (byte) nodes.get(0).vhid()};
    }

    /** {@code 1:0,2:100}. */
    public String nodesText() {
        return nodes.stream().map(CarpNode::toString).collect(Collectors.joining(","));
    }
}
