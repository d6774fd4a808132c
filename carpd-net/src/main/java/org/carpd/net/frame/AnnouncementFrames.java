package org.carpd.net.frame;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.carpd.core.wire.MacAddress;

/**
 * Builds the frames a new master sends so neighbours move a virtual address to its MAC at once:
 * a gratuitous ARP for IPv4 and an unsolicited Neighbor Advertisement for IPv6. Pure byte
 * building, no I/O.
 */
public final class AnnouncementFrames {
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ICMPV6 = 58;
    static final int NEIGHBOR_ADVERTISEMENT = 136;
    static final int FLAG_ROUTER = 0x80;
    static final int FLAG_OVERRIDE = 0x20;
    static final int OPTION_TARGET_LINK_LAYER_ADDRESS = 2;
    private static final byte[] ALL_NODES = {(byte) 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALL_NODES_MAC = {0x33, 0x33, 0, 0, 0, 1};

    private AnnouncementFrames() {
    }

    /**
     * A gratuitous ARP in request form, as OpenBSD carp(4) and Linux send it: broadcast, opcode
     * request, sender = target = {@code vip}, sender MAC = {@code mac}, target MAC zero. 42 bytes;
     * the NIC pads it to the Ethernet minimum.
     */
    public static byte[] gratuitousArp(MacAddress mac, Inet4Address vip) {
        byte[] f = new byte[42];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        mac.copyTo(f, 6);
        putShort(f, 12, ETHERTYPE_ARP);
        putShort(f, 14, 1); // hardware type Ethernet
        putShort(f, 16, 0x0800); // protocol type IPv4
        f[18] = 6;
        f[19] = 4;
        putShort(f, 20, 1); // request
        mac.copyTo(f, 22);
        System.arraycopy(vip.getAddress(), 0, f, 28, 4);
        // target MAC (32..37) stays zero
        System.arraycopy(vip.getAddress(), 0, f, 38, 4);
        return f;
    }

    /** {@link #unsolicitedNeighborAdvertisement(MacAddress, Inet6Address, boolean)} from a host that does not route. */
    public static byte[] unsolicitedNeighborAdvertisement(MacAddress mac, Inet6Address vip) {
        return unsolicitedNeighborAdvertisement(mac, vip, false);
    }

    /**
     * An unsolicited Neighbor Advertisement (RFC 4861 7.2.6) to all nodes (ff02::1,
     * 33:33:00:00:00:01): override set, solicited clear, router set when {@code router} (the host
     * forwards IPv6 on this interface: a neighbour that sees the flag cleared stops using the
     * address as a router, RFC 4861 7.2.5), target {@code vip}, with a
     * target link-layer address option carrying {@code mac}, hop limit 255.
     *
     * <p>The IPv6 source is the VIP itself, as Linux does for its own unsolicited NAs; RFC 4861
     * allows any address of the interface, and OpenBSD picks a link-local one instead. Using the
     * VIP needs no knowledge of the link-local address and is accepted by Linux neighbours.
     * Receivers only update an existing cache entry; they do not create one.
     */
    public static byte[] unsolicitedNeighborAdvertisement(MacAddress mac, Inet6Address vip, boolean router) {
        byte[] target = vip.getAddress();
        int icmpLength = 24 + 8;
        byte[] f = new byte[14 + 40 + icmpLength];
        System.arraycopy(ALL_NODES_MAC, 0, f, 0, 6);
        mac.copyTo(f, 6);
        putShort(f, 12, ETHERTYPE_IPV6);
        int ip = 14;
        f[ip] = 0x60; // version 6, traffic class 0, flow label 0
        putShort(f, ip + 4, icmpLength);
        f[ip + 6] = ICMPV6;
        f[ip + 7] = (byte) 255;
        System.arraycopy(target, 0, f, ip + 8, 16);
        System.arraycopy(ALL_NODES, 0, f, ip + 24, 16);
        int icmp = ip + 40;
        f[icmp] = (byte) NEIGHBOR_ADVERTISEMENT;
        f[icmp + 4] = (byte) (FLAG_OVERRIDE | (router ? FLAG_ROUTER : 0));
        System.arraycopy(target, 0, f, icmp + 8, 16);
        f[icmp + 24] = OPTION_TARGET_LINK_LAYER_ADDRESS;
        f[icmp + 25] = 1; // length in units of 8 bytes
        mac.copyTo(f, icmp + 26);
        putShort(f, icmp + 2, icmpv6Checksum(f, ip, icmp, icmpLength));
        return f;
    }

    /** The ICMPv6 checksum over the pseudo-header and the message (whose checksum field is zero). */
    static int icmpv6Checksum(byte[] f, int ipOffset, int icmpOffset, int icmpLength) {
        long sum = 0;
        for (int i = ipOffset + 8; i < ipOffset + 40; i += 2) { // source and destination
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum += icmpLength;
        sum += ICMPV6;
        for (int i = icmpOffset; i < icmpOffset + icmpLength; i += 2) {
            int hi = f[i] & 0xff;
            int lo = i + 1 < icmpOffset + icmpLength ? f[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void putShort(byte[] f, int offset, int value) {
        f[offset] = (byte) (value >> 8);
        f[offset + 1] = (byte) value;
    }
}
