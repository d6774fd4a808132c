package org.carpd.net.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.carpd.core.wire.MacAddress;
import org.carpd.net.raw.SocketFilter;
import org.junit.jupiter.api.Test;

/**
 * The transport's classic BPF programs, run by a small interpreter of the instructions they use
 * (as the kernel runs them: a load past the frame's end rejects it). No root needed.
 */
class PacketFiltersTest {
    private static final int PACKET_HOST = 0;
    private static final int PACKET_MULTICAST = 2;
    private static final int PACKET_OUTGOING = 4;
    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");

    @Test
    void carpdevFilterKeepsInboundUntaggedCarpOverBothFamilies() throws Exception {
        byte[] v4 = TestFrames.carpOverIpv4(MAC, "198.18.0.1", 1);
        byte[] v6 = TestFrames.carpOverIpv6(MAC, "fe80::1", 1);
        for (SocketFilter f : new SocketFilter[] {PacketTransport.FILTER, PacketTransport.FILTER_BALANCING}) {
            assertEquals(PacketTransport.SNAPLEN, run(f, v4, PACKET_MULTICAST, false));
            assertEquals(PacketTransport.SNAPLEN, run(f, v6, PACKET_MULTICAST, false));
            assertEquals(PacketTransport.SNAPLEN, run(f, v4, PACKET_HOST, false), "unicast (carppeer)");
            assertEquals(0, run(f, v4, PACKET_OUTGOING, false), "sent by this host");
            assertEquals(0, run(f, v6, PACKET_OUTGOING, false), "sent by this host");
            assertEquals(0, run(f, v4, PACKET_MULTICAST, true), "tag taken off: a VLAN's");
            assertEquals(0, run(f, withProtocol(v4, 23, 17), PACKET_MULTICAST, false), "UDP");
            assertEquals(0, run(f, withProtocol(v6, 20, 17), PACKET_MULTICAST, false), "UDP");
            assertEquals(0, run(f, java.util.Arrays.copyOf(v4, 20), PACKET_MULTICAST, false), "cut short");
        }
    }

    @Test
    void ipv6CarpAfterAFragmentHeaderPassesAsTcpdumpCompiledIt() throws Exception {
        byte[] v6 = TestFrames.carpOverIpv6(MAC, "fe80::1", 1);
        byte[] fragmented = withProtocol(withProtocol(v6, 20, 44), 54, 112);
        assertEquals(PacketTransport.SNAPLEN, run(PacketTransport.FILTER, fragmented, PACKET_MULTICAST, false));
    }

    @Test
    void balancingFilterAddsArpRequestsAndNeighbourSolicitationsOnly() throws Exception {
        byte[] request = arp(1);
        byte[] reply = arp(2);
        byte[] solicitation = icmpv6(135);
        byte[] advertisement = icmpv6(136);
        assertEquals(0, run(PacketTransport.FILTER, request, PACKET_HOST, false));
        assertEquals(0, run(PacketTransport.FILTER, solicitation, PACKET_MULTICAST, false));
        SocketFilter b = PacketTransport.FILTER_BALANCING;
        assertEquals(PacketTransport.SNAPLEN, run(b, request, PACKET_HOST, false));
        assertEquals(PacketTransport.SNAPLEN, run(b, solicitation, PACKET_MULTICAST, false));
        assertEquals(0, run(b, request, PACKET_OUTGOING, false), "our own request");
        assertEquals(0, run(b, request, PACKET_HOST, true), "a VLAN's request");
        assertEquals(0, run(b, reply, PACKET_HOST, false));
        assertEquals(0, run(b, advertisement, PACKET_MULTICAST, false));
    }

    @Test
    void decodeFilterKeepsBothDirectionsButNoVlan() throws Exception {
        byte[] v4 = TestFrames.carpOverIpv4(MAC, "198.18.0.1", 1);
        SocketFilter f = PacketTransport.FILTER_BOTH_DIRECTIONS;
        assertEquals(PacketTransport.SNAPLEN, run(f, v4, PACKET_OUTGOING, false));
        assertEquals(PacketTransport.SNAPLEN, run(f, v4, PACKET_MULTICAST, false));
        assertEquals(0, run(f, v4, PACKET_OUTGOING, true));
        assertEquals(0, run(f, arp(1), PACKET_HOST, false));
    }

    private static byte[] withProtocol(byte[] frame, int at, int protocol) {
        byte[] f = frame.clone();
        f[at] = (byte) protocol;
        return f;
    }

    private static byte[] arp(int op) {
        byte[] f = new byte[14 + 28];
        f[12] = 0x08;
        f[13] = 0x06;
        f[14 + 7] = (byte) op;
        return f;
    }

    private static byte[] icmpv6(int type) {
        byte[] f = new byte[14 + 40 + 32];
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd;
        f[14] = 0x60;
        f[14 + 6] = 58;
        f[14 + 40] = (byte) type;
        return f;
    }

    /** What the kernel would keep of {@code frame}: 0 drops it. */
    static int run(SocketFilter filter, byte[] frame, int pktType, boolean vlanTagPresent) {
        int a = 0;
        int pc = 0;
        while (true) {
            int[] insn = filter.instruction(pc++);
            int code = insn[0];
            int k = insn[3];
            switch (code) {
                case 0x20 -> { // ld word; the ancillary loads carpd uses
                    if (k == 0xfffff004) {
                        a = pktType;
                    } else if (k == 0xfffff030) {
                        a = vlanTagPresent ? 1 : 0;
                    } else if (k + 4 <= frame.length) {
                        a = ((frame[k] & 0xff) << 24) | ((frame[k + 1] & 0xff) << 16) | ((frame[k + 2] & 0xff) << 8)
                                | (frame[k + 3] & 0xff);
                    } else {
                        return 0;
                    }
                }
                case 0x28 -> { // ldh
                    if (k + 2 > frame.length) {
                        return 0;
                    }
                    a = ((frame[k] & 0xff) << 8) | (frame[k + 1] & 0xff);
                }
                case 0x30 -> { // ldb
                    if (k + 1 > frame.length) {
                        return 0;
                    }
                    a = frame[k] & 0xff;
                }
                case 0x15 -> pc += a == k ? insn[1] : insn[2]; // jeq #k
                case 0x06 -> {
                    return k; // ret #k
                }
                default -> throw new AssertionError("instruction " + Integer.toHexString(code) + " not modelled");
            }
        }
    }
}
