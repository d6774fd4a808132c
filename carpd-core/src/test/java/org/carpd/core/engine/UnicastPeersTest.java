package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.InternetChecksum;
import org.junit.jupiter.api.Test;

/**
 * carppeer: advertisements (bow-outs included) go to each peer as routed IP packets with the same
 * CARP payload; only peers are heard; a TTL below 255 only from a peer and down to peer-min-ttl.
 */
class UnicastPeersTest {
    private static final long S = Interval.SECOND;
    private static final String A4 = "198.18.1.1";
    private static final String B4 = "198.18.2.2";

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static CarpEngine engine(String config, String v4, String linkLocal, String global, int mac)
            throws Exception {
        CarpEngine e = new CarpEngine(CarpEngineTest.config(config), mac * 1000L, new SplittableRandom(mac));
        CarpdevInfo base = CarpEngineTest.carpdev(mac, v4, linkLocal);
        e.onCarpdevChanged(0, "eth0", new CarpdevInfo(true, base.mac(), base.ipv4(), base.linkLocal(),
                global == null ? Optional.empty() : Optional.of((Inet6Address) ip(global))));
        return e;
    }

    /** Drains the actions, reporting every send as {@code ok}; returns the transmits. */
    private static List<Action.Transmit> drain(CarpEngine e, long now, boolean ok, List<Action> log) {
        List<Action.Transmit> out = new ArrayList<>();
        Action a;
        while ((a = e.poll()) != null) {
            log.add(a);
            if (a instanceof Action.Transmit t) {
                out.add(t);
                e.onSendResult(now, t, ok && t.frame().length > 0);
            }
        }
        return out;
    }

    /** The IP packet as it arrives: in an Ethernet frame, its TTL lowered by {@code hops} routers. */
    static byte[] arrive(byte[] packet, int hops) {
        boolean v6 = (packet[0] & 0xf0) == 0x60;
        byte[] f = new byte[14 + packet.length];
        f[12] = (byte) (v6 ? 0x86 : 0x08);
        f[13] = (byte) (v6 ? 0xdd : 0x00);
        f[6] = 2;
        System.arraycopy(packet, 0, f, 14, packet.length);
        int ttl = 14 + (v6 ? 7 : 8);
        f[ttl] = (byte) ((f[ttl] & 0xff) - hops);
        if (!v6) {
            f[24] = 0;
            f[25] = 0;
            int sum = InternetChecksum.compute(f, 14, 20);
            f[24] = (byte) (sum >>> 8);
            f[25] = (byte) sum;
        }
        return f;
    }

    private static void deliver(CarpEngine to, long now, List<Action.Transmit> sent, int hops) {
        for (Action.Transmit t : sent) {
            byte[] f = arrive(t.frame(), hops);
            to.onFrame(now, "eth0", f, 0, f.length);
        }
    }

    private static List<Action.PacketDropped> drops(List<Action> log) {
        return log.stream().filter(a -> a instanceof Action.PacketDropped).map(a -> (Action.PacketDropped) a).toList();
    }

    @Test
    void masterSendsEachPeerARoutableCopyWithTheMulticastPayloadBowOutIncluded() throws Exception {
        String cfg = "carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24 carppeer 198.18.2.2 carppeer 198.18.3.3\n";
        CarpEngine e = engine(cfg, A4, "fe80::1", null, 1);
        CarpEngine multicast = engine("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n", A4, "fe80::1", null, 1);
        List<Action> log = new ArrayList<>();
        e.start(0);
        multicast.start(0);
        e.onTimeout(3 * S);
        multicast.onTimeout(3 * S);
        List<Action.Transmit> sent = drain(e, 3 * S, true, log);
        List<Action.Transmit> mc = drain(multicast, 3 * S, true, log);
        assertEquals(CarpState.MASTER, e.state("carp0"));
        assertEquals(List.of(ip("198.18.2.2"), ip("198.18.3.3")), sent.stream().map(Action.Transmit::peer).toList());
        assertNull(mc.get(0).peer());
        for (Action.Transmit t : sent) {
            byte[] p = t.frame();
            assertEquals(20 + 36, p.length, "an IPv4 packet, no Ethernet header");
            assertEquals(0x45, p[0] & 0xff);
            assertEquals(0x10, p[1] & 0xff, "TOS low delay");
            assertEquals(255, p[8] & 0xff, "TTL 255");
            assertEquals(112, p[9] & 0xff);
            assertEquals(ip(A4), InetAddress.getByAddress(Arrays.copyOfRange(p, 12, 16)), "the carpdev's own address");
            assertEquals(t.peer(), InetAddress.getByAddress(Arrays.copyOfRange(p, 16, 20)));
            assertTrue(InternetChecksum.verifies(p, 0, 20));
            // the CARP bytes are those of the multicast frame (same counter start, key and addresses)
            assertArrayEquals(Arrays.copyOfRange(mc.get(0).frame(), 14 + 20, 14 + 56), Arrays.copyOfRange(p, 20, 56));
        }
        assertEquals(2L, e.counters("carp0").get(Counter.IPV4_SENT));
        e.shutdown(4 * S);
        List<Action.Transmit> bowOut = drain(e, 4 * S, true, log);
        assertEquals(2, bowOut.size(), "the bow-out goes to both peers");
        for (Action.Transmit t : bowOut) {
            assertEquals(255, t.frame()[20 + 5] & 0xff, "advbase 255");
            assertEquals(255, t.frame()[20 + 2] & 0xff, "advskew 255");
        }
    }

    @Test
    void routedPeersElectOneMasterAndIgnoreAGenuineAdvertisementFromANonPeer() throws Exception {
        String vips = " pass pw 198.51.100.10/24 peer-min-ttl 250";
        CarpEngine a = engine("carp0 carpdev eth0 vhid 1 advskew 0 carppeer " + B4 + vips + "\n", A4, "fe80::1", null, 1);
        CarpEngine b = engine("carp0 carpdev eth0 vhid 1 advskew 100 carppeer " + A4 + vips + "\n", B4, "fe80::2", null, 2);
        // a third host with the key, not a peer of b, advertising more often (advskew 0 < 100)
        CarpEngine x = engine("carp0 carpdev eth0 vhid 1 advskew 0 carppeer " + B4 + vips + "\n", "198.18.1.66", "fe80::3",
                null, 3);
        List<Action> log = new ArrayList<>();
        a.start(0);
        b.start(0);
        x.start(0);
        drain(b, 0, true, log);
        a.onTimeout(3 * S);
        deliver(b, 3 * S, drain(a, 3 * S, true, log), 1);
        assertEquals(CarpState.MASTER, a.state("carp0"));
        assertEquals(CarpState.BACKUP, b.state("carp0"), "the peer's routed advertisement (TTL 254) is heard");
        long now = 3 * S;
        for (int i = 0; i < 5; i++) {
            now += S;
            a.onTimeout(now);
            deliver(b, now, drain(a, now, true, log), 1);
            b.onTimeout(now);
            drain(b, now, true, log);
        }
        assertEquals(CarpState.BACKUP, b.state("carp0"));
        // a stops (crash: no bow-out); x advertises, genuine and signed, but is not b's peer
        x.onTimeout(3 * S);
        drain(x, 3 * S, true, log);
        log.clear();
        long xs = now;
        for (int i = 0; i < 2; i++) {
            xs += S / 4;
            x.forceState(xs, "carp0", CarpState.MASTER);
            x.onTimeout(xs);
            deliver(b, xs, drain(x, xs, true, new ArrayList<>()), 1);
            drain(b, xs, true, log);
        }
        InetAddress xAddress = ip("198.18.1.66");
        assertTrue(!drops(log).isEmpty() && drops(log).stream().allMatch(d -> d.reason() == DropReason.NOT_A_PEER
                && d.source().equals(xAddress)), drops(log).toString());
        assertTrue(b.counters("carp0").get(Counter.NOT_A_PEER) >= 1);
        assertEquals(0L, b.counters("carp0").get(Counter.BAD_AUTH), "x's HMAC is good: dropped before it counts");
        b.onTimeout(now + 3 * S + 301 * Interval.SKEW_STEP); // just past its master-down time
        drain(b, now + 4 * S, true, log);
        assertEquals(CarpState.MASTER, b.state("carp0"), "x did not hold b back: b takes over when a is silent");
    }

    @Test
    void ttlBelow255OnlyFromAPeerAndDownToPeerMinTtl() throws Exception {
        String vips = " pass pw 198.51.100.10/24";
        CarpEngine a = engine("carp0 carpdev eth0 vhid 1 carppeer " + B4 + vips + "\n", A4, "fe80::1", null, 1);
        a.start(0);
        a.onTimeout(3 * S);
        List<Action.Transmit> sent = drain(a, 3 * S, true, new ArrayList<>());
        for (String peerConfig : new String[] {"", " peer-min-ttl 250", " peer-min-ttl 252"}) {
            CarpEngine b = engine("carp0 carpdev eth0 vhid 1 advskew 100 carppeer " + A4 + vips + peerConfig
                    + "\ncarp1 carpdev eth0 vhid 2" + vips.replace("10/24", "11/24") + "\n", B4, "fe80::2", null, 2);
            b.start(0);
            List<Action> log = new ArrayList<>();
            drain(b, 0, true, log);
            deliver(b, S, sent, 4); // TTL 251
            drain(b, S, true, log);
            List<Action.PacketDropped> d = drops(log);
            if (peerConfig.equals(" peer-min-ttl 250")) {
                assertTrue(d.isEmpty(), d.toString());
                assertEquals(1L, b.counters("carp0").get(Counter.IPV4_RECEIVED));
            } else {
                assertEquals(1, d.size(), peerConfig + ": " + d);
                assertEquals(DropReason.BAD_TTL, d.get(0).reason());
                assertEquals(1L, b.totalCounters().get(Counter.BAD_TTL));
            }
        }
        // the relaxation is per vhid: carp1 on the same carpdev (no peers) still wants 255
        CarpEngine b = engine("carp0 carpdev eth0 vhid 1 carppeer " + A4 + vips + " peer-min-ttl 200\n"
                + "carp1 carpdev eth0 vhid 2 pass pw 198.51.100.11/24\n", B4, "fe80::2", null, 2);
        CarpEngine a2 = engine("carp1 carpdev eth0 vhid 2 pass pw 198.51.100.11/24\n", A4, "fe80::1", null, 1);
        b.start(0);
        a2.start(0);
        a2.onTimeout(3 * S);
        List<Action> log = new ArrayList<>();
        drain(b, 0, true, log);
        List<Action.Transmit> multicast = drain(a2, 3 * S, true, new ArrayList<>());
        for (Action.Transmit t : multicast) {
            byte[] p = Arrays.copyOfRange(t.frame(), 14, t.frame().length);
            byte[] f = arrive(p, 1);
            b.onFrame(S, "eth0", f, 0, f.length);
        }
        drain(b, S, true, log);
        assertEquals(List.of(DropReason.BAD_TTL), drops(log).stream().map(Action.PacketDropped::reason).toList());
        assertEquals("carp1", drops(log).get(0).carpInterface());
    }

    @Test
    void ipv6PeersGetTheGlobalSourceOrTheLinkLocalOneAndNoSourceIsASendFailure() throws Exception {
        String cfg = "carp0 carpdev eth0 vhid 1 pass pw demote-mode openbsd 2001:db8:5::10/64"
                + " carppeer 2001:db8:2::2 carppeer fe80::2\n";
        CarpEngine e = engine(cfg, A4, "fe80::1", "2001:db8:1::1", 1);
        e.start(0);
        e.onTimeout(3 * S);
        List<Action.Transmit> sent = drain(e, 3 * S, true, new ArrayList<>());
        assertEquals(2, sent.size());
        for (Action.Transmit t : sent) {
            byte[] p = t.frame();
            assertEquals(40 + 36, p.length);
            assertEquals(255, p[7] & 0xff, "hop limit 255");
            assertEquals(112, p[6] & 0xff);
            InetAddress src = InetAddress.getByAddress(Arrays.copyOfRange(p, 8, 24));
            assertEquals(t.peer().isLinkLocalAddress() ? ip("fe80::1") : ip("2001:db8:1::1"), src);
            assertEquals(t.peer(), InetAddress.getByAddress(Arrays.copyOfRange(p, 24, 40)));
        }
        // without an address of wider scope, the global peer cannot be reached: failures, then demotion
        CarpEngine none = engine(cfg, A4, "fe80::1", null, 1);
        none.start(0);
        none.onTimeout(3 * S);
        long now = 3 * S;
        List<Action.Transmit> all = new ArrayList<>(drain(none, now, true, new ArrayList<>()));
        for (int i = 0; i < 3; i++) {
            now += S;
            none.onTimeout(now);
            all.addAll(drain(none, now, true, new ArrayList<>()));
        }
        InetAddress global = ip("2001:db8:2::2");
        InetAddress linkLocal = ip("fe80::2");
        assertTrue(all.stream().anyMatch(t -> t.peer().equals(global) && t.frame().length == 0));
        assertTrue(all.stream().anyMatch(t -> t.peer().equals(linkLocal) && t.frame().length > 0));
        assertTrue(none.counters("carp0").get(Counter.SEND_FAILURES) >= 3);
        assertEquals(CarpState.MASTER, none.state("carp0"));
    }

    @Test
    void sendFailuresToPeersDemoteAsMulticastOnesDo() throws Exception {
        CarpEngine e = engine("carp0 carpdev eth0 vhid 1 pass pw demote-mode openbsd 198.51.100.10/24 carppeer "
                + B4 + "\n", A4, "fe80::1", null, 1);
        e.start(0);
        e.onTimeout(3 * S);
        long now = 3 * S;
        drain(e, now, false, new ArrayList<>());
        for (int i = 0; i < 2; i++) {
            now += S;
            e.onTimeout(now);
            drain(e, now, false, new ArrayList<>());
        }
        assertEquals(1, e.demotion().get("carp"), "three failed unicast sends demote");
        assertEquals(4L, e.counters("carp0").get(Counter.SEND_FAILURES), "three timed, one at once on demotion");
    }

    @Test
    void statusShowsThePeers() throws Exception {
        CarpEngine e = engine("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24 2001:db8::10/64 carppeer " + B4
                + " carppeer 2001:db8:2::2 peer-min-ttl 64\n", A4, "fe80::1", null, 1);
        VirtualHostStatus s = e.status().get(0);
        assertEquals(List.of(ip(B4), ip("2001:db8:2::2")), s.peers().addresses());
        assertEquals(64, s.peers().minTtl());
        assertTrue(ip(B4) instanceof Inet4Address);
    }
}
