package org.carpd.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.Test;

class NeighbourRepliesTest {
    private static final MacAddress SHARED = MacAddress.parse("01:00:5e:00:01:07");
    private static final MacAddress OWN = MacAddress.parse("02:ca:4b:00:00:01");
    private static final MacAddress CLIENT = MacAddress.parse("02:ca:4b:00:00:64");
    private final Set<InetAddress> vips;

    NeighbourRepliesTest() throws Exception {
        vips = Set.of(InetAddress.getByName("198.18.0.200"), InetAddress.getByName("2001:db8::200"));
    }

    private static byte[] arpRequest(String target) throws Exception {
        byte[] f = AnnouncementFrames.gratuitousArp(CLIENT, (java.net.Inet4Address) InetAddress.getByName("198.18.0.100"));
        System.arraycopy(InetAddress.getByName(target).getAddress(), 0, f, 38, 4);
        return f;
    }

    /** A solicitation from the client for {@code target}, with its source link-layer option. */
    private static byte[] solicitation(String source, String target) throws Exception {
        byte[] f = AnnouncementFrames.unsolicitedNeighborAdvertisement(CLIENT, (Inet6Address) InetAddress.getByName(target));
        System.arraycopy(InetAddress.getByName(source).getAddress(), 0, f, 14 + 8, 16);
        f[14 + 40] = (byte) 135;
        f[14 + 40 + 4] = 0;
        f[14 + 40 + 24] = 1; // source link-layer address option
        f[14 + 40 + 2] = 0;
        f[14 + 40 + 3] = 0;
        int sum = AnnouncementFrames.icmpv6Checksum(f, 14, 54, f.length - 54);
        f[14 + 40 + 2] = (byte) (sum >> 8);
        f[14 + 40 + 3] = (byte) sum;
        return f;
    }

    @Test
    void anArpRequestForABalancedAddressGetsTheSharedMacFromTheOwnMac() throws Exception {
        byte[] reply = NeighbourReplies.reply(arpRequest("198.18.0.200"), 0, 42, vips, SHARED, OWN, false);
        assertNotNull(reply);
        assertArrayEquals(CLIENT.toByteArray(), Arrays.copyOfRange(reply, 0, 6));
        assertArrayEquals(OWN.toByteArray(), Arrays.copyOfRange(reply, 6, 12));
        assertEquals(2, reply[21]);
        assertArrayEquals(SHARED.toByteArray(), Arrays.copyOfRange(reply, 22, 28));
        assertArrayEquals(InetAddress.getByName("198.18.0.200").getAddress(), Arrays.copyOfRange(reply, 28, 32));
        assertArrayEquals(CLIENT.toByteArray(), Arrays.copyOfRange(reply, 32, 38));
        assertArrayEquals(InetAddress.getByName("198.18.0.100").getAddress(), Arrays.copyOfRange(reply, 38, 42));
    }

    @Test
    void otherAddressesAndRepliesAreLeftToTheKernel() throws Exception {
        assertNull(NeighbourReplies.reply(arpRequest("198.18.0.1"), 0, 42, vips, SHARED, OWN, false));
        byte[] arpReply = arpRequest("198.18.0.200");
        arpReply[21] = 2;
        assertNull(NeighbourReplies.reply(arpReply, 0, 42, vips, SHARED, OWN, false));
        byte[] ns = solicitation("2001:db8::100", "2001:db8::1");
        assertNull(NeighbourReplies.reply(ns, 0, ns.length, vips, SHARED, OWN, false));
    }

    @Test
    void aSolicitationGetsASolicitedAdvertisementToItsSource() throws Exception {
        byte[] ns = solicitation("2001:db8::100", "2001:db8::200");
        byte[] na = NeighbourReplies.reply(ns, 0, ns.length, vips, SHARED, OWN, true);
        assertNotNull(na);
        assertArrayEquals(CLIENT.toByteArray(), Arrays.copyOfRange(na, 0, 6));
        assertArrayEquals(OWN.toByteArray(), Arrays.copyOfRange(na, 6, 12));
        assertArrayEquals(InetAddress.getByName("2001:db8::200").getAddress(), Arrays.copyOfRange(na, 22, 38));
        assertArrayEquals(InetAddress.getByName("2001:db8::100").getAddress(), Arrays.copyOfRange(na, 38, 54));
        assertEquals(136, na[54] & 0xff);
        assertEquals(0x80 | 0x40 | 0x20, na[58] & 0xff); // router, solicited, override
        assertArrayEquals(SHARED.toByteArray(), Arrays.copyOfRange(na, 54 + 26, 54 + 32));
        int sum = ((na[56] & 0xff) << 8) | (na[57] & 0xff);
        na[56] = 0;
        na[57] = 0;
        assertEquals(AnnouncementFrames.icmpv6Checksum(na, 14, 54, na.length - 54), sum);
    }

    @Test
    void aDuplicateAddressProbeIsAnsweredToAllNodes() throws Exception {
        byte[] ns = solicitation("::", "2001:db8::200");
        byte[] na = NeighbourReplies.reply(ns, 0, ns.length, vips, SHARED, OWN, false);
        assertNotNull(na);
        assertEquals("333300000001", HexFormat.of().formatHex(na, 0, 6));
        assertEquals(0x20, na[58] & 0xff); // override only
    }

    @Test
    void everyTruncationAndCorruptionIsIgnoredWithoutThrowing() throws Exception {
        for (byte[] f : new byte[][] {arpRequest("198.18.0.200"), solicitation("2001:db8::100", "2001:db8::200")}) {
            for (int len = 0; len < f.length; len++) {
                NeighbourReplies.reply(f, 0, len, vips, SHARED, OWN, false);
            }
            java.util.Random rnd = new java.util.Random(7);
            for (int i = 0; i < 20_000; i++) {
                byte[] g = f.clone();
                g[rnd.nextInt(g.length)] = (byte) rnd.nextInt();
                NeighbourReplies.reply(g, 0, g.length, vips, SHARED, OWN, false);
            }
        }
    }
}
