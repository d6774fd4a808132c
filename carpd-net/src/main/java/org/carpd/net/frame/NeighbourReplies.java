package org.carpd.net.frame;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import org.carpd.core.wire.MacAddress;

/**
 * Answers to ARP requests and neighbour solicitations for load-balanced virtual addresses, which
 * carpd gives itself because the kernel would answer with the carpdev's own MAC: the reply names
 * the MAC every member receives ({@code balancing ip}: a multicast MAC), and is sent from the
 * carpdev's own MAC (a multicast source address is not allowed).
 */
public final class NeighbourReplies {
    private static final int NEIGHBOR_SOLICITATION = 135;
    private static final int FLAG_SOLICITED = 0x40;
    private static final int OPTION_SOURCE_LINK_LAYER_ADDRESS = 1;

    private NeighbourReplies() {
    }

    /**
     * The reply to {@code frame} if it is an ARP request or a neighbour solicitation for one of
     * {@code addresses}, else null. Never throws on malformed input.
     *
     * @param shared the MAC the reply gives for the address
     * @param own    the carpdev's MAC, the reply's Ethernet source
     * @param router set the NA's Router flag (the host forwards IPv6 on this carpdev)
     */
    public static byte[] reply(byte[] frame, int off, int len, Set<InetAddress> addresses,
                               MacAddress shared, MacAddress own, boolean router) {
        if (len < 14) {
            return null;
        }
        int type = u16(frame, off + 12);
        if (type == AnnouncementFrames.ETHERTYPE_ARP) {
            return arpReply(frame, off, len, addresses, shared, own);
        }
        if (type == AnnouncementFrames.ETHERTYPE_IPV6) {
            return neighbourAdvertisement(frame, off, len, addresses, shared, own, router);
        }
        return null;
    }

    private static byte[] arpReply(byte[] f, int off, int len, Set<InetAddress> addresses,
                                   MacAddress shared, MacAddress own) {
        int a = off + 14;
        if (len < 42 || u16(f, a) != 1 || u16(f, a + 2) != 0x0800 || f[a + 4] != 6 || f[a + 5] != 4
                || u16(f, a + 6) != 1) {
            return null;
        }
        InetAddress target = address(f, a + 24, 4);
        if (!addresses.contains(target)) {
            return null;
        }
        byte[] r = new byte[42];
        System.arraycopy(f, a + 8, r, 0, 6); // to the requester's MAC
        own.copyTo(r, 6);
        putShort(r, 12, AnnouncementFrames.ETHERTYPE_ARP);
        System.arraycopy(f, a, r, 14, 6); // hardware and protocol type, sizes
        putShort(r, 20, 2); // reply
        shared.copyTo(r, 22);
        System.arraycopy(f, a + 24, r, 28, 4); // sender IP = the address asked for
        System.arraycopy(f, a + 8, r, 32, 10); // target = the requester's MAC and IP
        return r;
    }

    private static byte[] neighbourAdvertisement(byte[] f, int off, int len, Set<InetAddress> addresses,
                                                 MacAddress shared, MacAddress own, boolean router) {
        int ip = off + 14;
        int icmp = ip + 40;
        if (len < 14 + 40 + 24 || (f[ip] & 0xf0) != 0x60 || (f[ip + 6] & 0xff) != AnnouncementFrames.ICMPV6
                || (f[ip + 7] & 0xff) != 255 || (f[icmp] & 0xff) != NEIGHBOR_SOLICITATION || f[icmp + 1] != 0) {
            return null;
        }
        InetAddress target = address(f, icmp + 8, 16);
        if (!(target instanceof Inet6Address) || !addresses.contains(target)) {
            return null;
        }
        boolean dad = allZero(f, ip + 8, 16); // a duplicate address probe: answer all nodes, unsolicited
        byte[] requesterMac = new byte[6];
        System.arraycopy(f, off + 6, requesterMac, 0, 6);
        int optEnd = Math.min(off + len, icmp + u16(f, ip + 4));
        for (int o = icmp + 24; o + 8 <= optEnd; ) {
            int optLen = (f[o + 1] & 0xff) * 8;
            if (optLen == 0) {
                break;
            }
            if ((f[o] & 0xff) == OPTION_SOURCE_LINK_LAYER_ADDRESS && optLen >= 8) {
                System.arraycopy(f, o + 2, requesterMac, 0, 6);
            }
            o += optLen;
        }
        byte[] na = AnnouncementFrames.unsolicitedNeighborAdvertisement(shared, (Inet6Address) target, router);
        own.copyTo(na, 6);
        if (!dad) {
            System.arraycopy(requesterMac, 0, na, 0, 6);
            System.arraycopy(f, ip + 8, na, 14 + 24, 16); // to the solicitation's source
            int naIcmp = 14 + 40;
            na[naIcmp + 4] |= (byte) FLAG_SOLICITED;
            putShort(na, naIcmp + 2, 0);
            putShort(na, naIcmp + 2, AnnouncementFrames.icmpv6Checksum(na, 14, naIcmp, na.length - naIcmp));
        }
        return na;
    }

    private static InetAddress address(byte[] f, int at, int n) {
        byte[] b = new byte[n];
        System.arraycopy(f, at, b, 0, n);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
    }

    private static boolean allZero(byte[] f, int at, int n) {
        for (int i = at; i < at + n; i++) {
            if (f[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    private static void putShort(byte[] f, int offset, int value) {
        f[offset] = (byte) (value >> 8);
        f[offset + 1] = (byte) value;
    }
}
