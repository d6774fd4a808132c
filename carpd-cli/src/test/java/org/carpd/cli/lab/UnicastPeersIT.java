package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.net.raw.RawSocketSender;
import org.carpd.testing.lab.HolderSampler;
import org.carpd.testing.lab.HolderTimeline;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.carpd.testing.lab.SwitchFirewall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * carppeer across a router: h1 (198.18.0.0/24) and h2 (198.18.1.0/24) run carpd with each other
 * as unicast peers, the router h3 between them, multicast CARP dropped in the switch. carp0 is
 * IPv4 (peers over IPv4), carp1 IPv6 (peers over IPv6). The client, on h1's subnet, plays a third
 * host with the key that is not a peer.
 */
class UnicastPeersIT {
    private static final String KEY = "peer-secret";
    private static final String VIP4 = "198.18.5.10";
    private static final String VIP6 = "2001:db8:5::10";

    @TempDir
    Path tmp;

    private NetnsLab lab;
    private RoutedPeersLab net;
    private LabCarpd n1;
    private LabCarpd n2;

    @BeforeEach
    void up() throws Exception {
        NetnsLab.assumeAvailable();
        assumeTrue(SwitchFirewall.available(), "nft (nftables) is not installed");
        lab = NetnsLab.create(3);
        net = new RoutedPeersLab(lab);
        net.build();
        n1 = new LabCarpd(lab.host(1), tmp);
        n2 = new LabCarpd(lab.host(2), tmp);
    }

    @AfterEach
    void down() throws Exception {
        try {
            if (n1 != null) {
                n1.killTree();
            }
            if (n2 != null) {
                n2.killTree();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** carp0 (IPv4) and carp1 (IPv6), each with the other node as its peer. */
    private static String config(Path key, int advskew, String peer4, String peer6, String ttl) {
        String common = " advskew " + advskew + " pass-file " + key + (ttl.isEmpty() ? "" : " peer-min-ttl " + ttl);
        return "set preempt on\n"
                + "carp0 carpdev eth0 vhid 1" + common + " " + VIP4 + "/32 carppeer " + peer4 + "\n"
                + "carp1 carpdev eth0 vhid 2" + common + " " + VIP6 + "/128 carppeer " + peer6 + "\n";
    }

    private void start(String ttl) throws Exception {
        n1.writeConfig(config(n1.writeKey(KEY), 0, RoutedPeersLab.H2, RoutedPeersLab.H2_6, ttl));
        n2.writeConfig(config(n2.writeKey(KEY), 100, RoutedPeersLab.H1, RoutedPeersLab.H1_6, ttl));
        n1.start();
        n2.start();
    }

    private static void awaitState(LabCarpd n, String iface, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last;
        do {
            last = n.state(iface);
            if (last.equals(state)) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail(n.host().name() + ": " + iface + " still " + last + " after " + timeout + ", wanted " + state
                + "; log:\n" + n.log());
    }

    private void awaitHolder(HolderSampler s, String holder, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HolderTimeline.Sample now = s.sampleNow();
            if (now.holdersOf(VIP4).equals(Set.of(holder)) && now.holdersOf(VIP6).equals(Set.of(holder))) {
                return;
            }
            Thread.sleep(100);
        }
        fail("not held by " + holder + " alone within " + timeout + ":\n" + s.timeline().render(VIP4));
    }

    private List<LabHost> nodes() {
        return List.of(lab.host(1), lab.host(2));
    }

    @Test
    void routedPeersElectOneMasterAndFailOverBothWaysWithoutMulticast() throws Exception {
        // as the systemd unit runs it: raw sockets need CAP_NET_RAW only
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "setpriv (util-linux) not installed");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        n1.runAsNobody();
        n2.runAsNobody();
        start("254");
        for (String iface : List.of("carp0", "carp1")) {
            awaitState(n1, iface, "MASTER", Duration.ofSeconds(15));
            awaitState(n2, iface, "BACKUP", Duration.ofSeconds(5));
        }
        String listing = n1.ctl("carp1").requireSuccess().output();
        assertTrue(listing.contains("\tcarppeer 2001:db8:1::2\n") && listing.contains("\tpeer-min-ttl 254"), listing);
        String json = n2.ctl("--json", "carp0").requireSuccess().output();
        assertTrue(json.contains("\"peers\":[\"198.18.0.1\"],\"peer_min_ttl\":254"), json);
        String shown = n2.ctl("show-config").requireSuccess().output();
        assertTrue(shown.contains("carp0 carppeer 198.18.0.1\ncarp0 peer-min-ttl 254\n")
                && shown.contains("carp1 carppeer 2001:db8::1\n"), shown);

        try (HolderSampler s = HolderSampler.start(lab, nodes(), List.of(VIP4, VIP6))) {
            awaitHolder(s, "h1", Duration.ofSeconds(2));
            Instant steady = Instant.now();
            Thread.sleep(3000);
            // unplanned: h1's cable is pulled; h2 hears nothing more and takes over
            Instant cut = Instant.now();
            lab.host(1).linkDown();
            try {
                for (String iface : List.of("carp0", "carp1")) {
                    LabCarpd.Transition t = n2.awaitTransition(iface, "MASTER", cut, Duration.ofSeconds(10));
                    long ms = Duration.between(cut, t.time()).toMillis();
                    assertTrue(ms <= 3 * (1000 + 100 * 1000 / 256) + 300, iface + " took over after " + ms + " ms");
                    assertEquals("master down", t.reason());
                }
                awaitHolder(s, "h2", Duration.ofSeconds(2));
                Thread.sleep(2000);
            } finally {
                lab.host(1).linkUp();
            }
            // back: h1 (preempt, advskew 0) is heard again across the router and takes back both vhids
            Instant back = Instant.now();
            for (String iface : List.of("carp0", "carp1")) {
                n1.awaitTransition(iface, "MASTER", back, Duration.ofSeconds(10));
                n2.awaitTransition(iface, "BACKUP", back, Duration.ofSeconds(5));
            }
            awaitHolder(s, "h1", Duration.ofSeconds(2));
            Thread.sleep(2000);
            // planned: h1 stops; its bow-out reaches h2 by unicast and h2 takes over at once
            Instant stop = Instant.now();
            n1.stop();
            for (String iface : List.of("carp0", "carp1")) {
                LabCarpd.Transition t = n2.awaitTransition(iface, "MASTER", stop, Duration.ofSeconds(5));
                assertEquals("master bowed out", t.reason(), iface);
                assertTrue(Duration.between(stop, t.time()).toMillis() < 1000, iface + ": " + t);
            }
            awaitHolder(s, "h2", Duration.ofSeconds(2));
            Thread.sleep(1000);
            HolderTimeline tl = s.stop();
            String render = tl.render(VIP4) + tl.render(VIP6);
            for (String vip : List.of(VIP4, VIP6)) {
                assertTrue(tl.from(steady).longestRun(vip, h -> h.size() > 1).toMillis() <= 1300,
                        vip + " had two holders too long:\n" + render);
                assertTrue(tl.from(steady).longestRun(vip, Set::isEmpty).toMillis() <= 5000,
                        vip + " had no holder too long:\n" + render);
            }
        }
        long[] multicast = net.multicastDropped();
        long[] routed = net.carpForwarded();
        assertEquals(0, multicast[0] + multicast[1], "carpd sent no multicast CARP");
        assertTrue(routed[0] > 5 && routed[1] > 5, "the router forwarded CARP in both families: v4 " + routed[0]
                + ", v6 " + routed[1]);
        assertEquals(0L, n2.stats().get("discarded for bad TTL"));
        assertEquals(0L, n2.stats().get("discarded from a source that is not a carppeer"));
    }

    /** A genuine-looking advertisement for carp0 (key, HMAC, advskew 0, a counter above everyone's). */
    private static byte[] forged(InetAddress source, long counter) throws Exception {
        InetAddress vip = InetAddress.getByName(VIP4);
        CarpAuthenticator auth = new CarpAuthenticator(KEY.getBytes(StandardCharsets.UTF_8), 1, List.of(vip));
        Advertisement ad = new Advertisement(1, 0, 0, 1, counter, auth.sign(counter));
        return AdvertisementCodec.encodePacketV4((Inet4Address) source,
                (Inet4Address) InetAddress.getByName(RoutedPeersLab.H2), ad, 4242);
    }

    @Test
    void aGenuineAdvertisementFromAHostThatIsNotAPeerChangesNothing() throws Exception {
        start("254");
        awaitState(n1, "carp0", "MASTER", Duration.ofSeconds(15));
        awaitState(n2, "carp0", "BACKUP", Duration.ofSeconds(5));
        n1.stop(); // h2 alone is MASTER now
        awaitState(n2, "carp0", "MASTER", Duration.ofSeconds(5));
        LabHost third = lab.client();
        InetAddress h2 = InetAddress.getByName(RoutedPeersLab.H2);
        long counter = (System.currentTimeMillis() * 4096 / 1000 << 8) + (1L << 36);
        RawSocketSender attacker = third.runInNamespace(() -> {
            RawSocketSender r = new RawSocketSender();
            r.prepare(true, false);
            return r;
        });
        try (attacker; HolderSampler s = HolderSampler.start(lab, nodes(), List.of(VIP4))) {
            long before = n2.stats("carp0").get("discarded from a source that is not a carppeer");
            Instant attack = Instant.now();
            for (int i = 0; i < 16; i++) { // a better master than h2, four times a second, for four seconds
                attacker.send(forged(third.ipv4(), counter += 1L << 20), h2, 0);
                Thread.sleep(250);
            }
            assertEquals("MASTER", n2.state("carp0"));
            assertTrue(n2.transitions().stream().noneMatch(t -> t.time().isAfter(attack)), "no transition");
            HolderTimeline tl = s.timeline().from(attack);
            assertTrue(tl.samples().size() >= 12 && tl.samples().stream().allMatch(x -> x.holdersOf(VIP4).equals(Set.of("h2"))),
                    "h2 held the VIP throughout:\n" + tl.render(VIP4));
            long dropped = n2.stats("carp0").get("discarded from a source that is not a carppeer") - before;
            assertTrue(dropped >= 16, "every forged advertisement was counted: " + dropped);
            assertTrue(n2.log().contains("carp0: unknown source (not a carppeer) from 198.18.0.100"), n2.log());

            // The same advertisement from the peer's address is obeyed: it was genuine-looking indeed.
            Instant spoof = Instant.now();
            attacker.send(forged(InetAddress.getByName(RoutedPeersLab.H1), counter += 1L << 20), h2, 0);
            LabCarpd.Transition t = n2.awaitTransition("carp0", "BACKUP", spoof, Duration.ofSeconds(3));
            assertEquals("more preferred master seen", t.reason());
        }
    }

    @Test
    void withTheDefaultTtlTheRoutedPeerIsNotHeardUntilPeerMinTtlIsRelaxed() throws Exception {
        start("");
        awaitState(n1, "carp0", "MASTER", Duration.ofSeconds(15));
        awaitState(n2, "carp0", "MASTER", Duration.ofSeconds(15));
        awaitState(n2, "carp1", "MASTER", Duration.ofSeconds(5));
        Thread.sleep(2000);
        assertEquals("MASTER", n1.state("carp0"), "two masters: TTL 254 is refused by default");
        // refused by the decoder, before any vhid is looked at: counted for the whole daemon
        assertTrue(n2.stats().get("discarded for bad TTL") >= 4, n2.stats().toString());
        assertEquals(0L, n2.stats("carp0").get("packets received (IPv4)"));
        // carpctl relaxes it live, on both nodes; the election settles at once
        for (LabCarpd n : List.of(n1, n2)) {
            n.ctl("carp0", "peer-min-ttl", "254").requireSuccess();
            n.ctl("carp1", "peer-min-ttl", "254").requireSuccess();
        }
        for (String iface : List.of("carp0", "carp1")) {
            awaitState(n2, iface, "BACKUP", Duration.ofSeconds(5));
            awaitState(n1, iface, "MASTER", Duration.ofSeconds(1));
        }
        // -carppeer: carp1 of h2 forgets its peer and multicasts again, which the switch drops
        n2.ctl("carp1", "-carppeer", RoutedPeersLab.H1_6, "peer-min-ttl", "255").requireSuccess();
        assertTrue(!n2.ctl("carp1").requireSuccess().output().contains("carppeer"));
        awaitState(n2, "carp1", "MASTER", Duration.ofSeconds(6));
        Thread.sleep(1500);
        assertTrue(net.multicastDropped()[1] >= 1, "the switch drops its multicast (the rule bites)");
        assertEquals(0L, net.multicastDropped()[0], "carp0 still sends only unicast");
    }
}
