package org.carpd.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.Test;

class AnnouncementFramesTest {
    private static final MacAddress MAC = MacAddress.parse("02:ca:4b:00:00:01");
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void gratuitousArpIsABroadcastRequestWithSenderEqualToTarget() throws Exception {
        byte[] f = AnnouncementFrames.gratuitousArp(MAC, (Inet4Address) InetAddress.getByName("198.18.0.50"));
        assertEquals("ffffffffffff" + "02ca4b000001" + "0806"
                + "0001" + "0800" + "06" + "04" + "0001"
                + "02ca4b000001" + "c6120032"
                + "000000000000" + "c6120032", HEX.formatHex(f));
    }

    @Test
    void neighborAdvertisementHasTheRfc4861Layout() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:db8::50");
        byte[] f = AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC, vip);
        assertEquals(86, f.length);
        assertEquals("333300000001" + "02ca4b000001" + "86dd", HEX.formatHex(f, 0, 14));
        assertEquals("60000000" + "0020" + "3a" + "ff", HEX.formatHex(f, 14, 22));
        assertArrayEquals(vip.getAddress(), Arrays.copyOfRange(f, 22, 38), "source is the VIP");
        assertEquals("ff020000000000000000000000000001", HEX.formatHex(f, 38, 54));
        assertEquals(136, f[54] & 0xff);
        assertEquals(0, f[55]);
        assertEquals("20000000", HEX.formatHex(f, 58, 62), "override only");
        assertArrayEquals(vip.getAddress(), Arrays.copyOfRange(f, 62, 78), "target");
        assertEquals("0201" + "02ca4b000001", HEX.formatHex(f, 78, 86));
    }

    @Test
    void neighborAdvertisementChecksumVerifies() throws Exception {
        byte[] f = AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC,
                (Inet6Address) InetAddress.getByName("2001:db8::50"));
        // one's-complement sum over pseudo-header + message including the checksum must be 0xffff
        long sum = 0;
        for (int i = 22; i < 54; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum += 32 + 58;
        for (int i = 54; i < 86; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        assertEquals(0xffff, sum);
        byte[] other = AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC,
                (Inet6Address) InetAddress.getByName("2001:db8::51"));
        assertEquals(false, Arrays.equals(Arrays.copyOfRange(f, 56, 58), Arrays.copyOfRange(other, 56, 58)));
    }

    @Test
    void icmpv6ChecksumMatchesTheValueTsharkComputes() throws Exception {
        // tshark on the same NA with a zero checksum: "Checksum: 0x0000 incorrect, should be 0xacc2"
        byte[] f = AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC,
                (Inet6Address) InetAddress.getByName("2001:db8::50"));
        assertEquals("acc2", HEX.formatHex(f, 56, 58));
    }

    @Test
    void routerFlagIsSetOnlyForAForwardingHostAndTheChecksumCoversIt() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:db8::50");
        byte[] host = AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC, vip, false);
        byte[] router = AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC, vip, true);
        assertEquals("20000000", HEX.formatHex(host, 58, 62), "override only");
        assertEquals("a0000000", HEX.formatHex(router, 58, 62), "router and override, not solicited");
        assertArrayEquals(host, AnnouncementFrames.unsolicitedNeighborAdvertisement(MAC, vip));
        // Only the flags byte and the checksum differ; 0x80 more in the flags is 0x8000 less in the checksum.
        for (int i = 0; i < host.length; i++) {
            if (i != 56 && i != 57 && i != 58) {
                assertEquals(host[i], router[i], "byte " + i);
            }
        }
        assertEquals("2cc2", HEX.formatHex(router, 56, 58));
    }

    @Test
    void announcerAsksWhetherTheHostRoutesAtEachIpv6Announcement() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        boolean[] forwarding = {false};
        Announcer announcer = new Announcer(sent::add, MAC, () -> forwarding[0]);
        announcer.announce(InetAddress.getByName("2001:db8::50"));
        forwarding[0] = true;
        announcer.announce(InetAddress.getByName("2001:db8::50"));
        announcer.announce(InetAddress.getByName("198.18.0.50"));
        assertEquals(0x20, sent.get(0)[58] & 0xff);
        assertEquals(0xa0, sent.get(1)[58] & 0xff);
        assertEquals(42, sent.get(2).length, "IPv4 gets a gratuitous ARP whatever the IPv6 setting");
    }

    @Test
    void announcerPicksTheFrameByAddressFamily() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        Announcer announcer = new Announcer(sent::add, MAC);
        announcer.announce(InetAddress.getByName("198.18.0.50"));
        announcer.announce(InetAddress.getByName("2001:db8::50"));
        assertEquals(2, sent.size());
        assertEquals(0x0806, ((sent.get(0)[12] & 0xff) << 8) | (sent.get(0)[13] & 0xff));
        assertEquals(0x86dd, ((sent.get(1)[12] & 0xff) << 8) | (sent.get(1)[13] & 0xff));
        assertThrows(IllegalArgumentException.class, () -> announcer.announce(InetAddress.getByName("ff02::1")));
    }

}
