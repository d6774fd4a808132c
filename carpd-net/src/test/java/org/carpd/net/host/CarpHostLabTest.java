package org.carpd.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.net.frame.PacketTransport;
import org.carpd.net.netlink.RouteNetlink;
import org.carpd.net.nft.Nftables;
import org.carpd.net.raw.PacketSocket;
import org.carpd.net.raw.SocketFilter;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real {@link CarpHost} on lab host h1 while the network changes under it: its carpdev deleted
 * and re-created, its virtual address removed by hand, its link-local address missing, its link
 * set down and up. The client captures h1's advertisements. States are sampled every 250 ms.
 * Root only.
 */
class CarpHostLabTest {
    private static final String VIP4 = "198.18.0.10";
    private static final String VIP6 = "2001:db8::10";
    private static final long SAMPLE_MILLIS = 250;

    private NetnsLab lab;
    private LabHost h1;
    private CarpHost host;
    private PacketTransport capture;
    /** Arrival times (ms since the epoch) of CARP frames from h1, and whether each was IPv6. */
    private final List<long[]> adverts = new CopyOnWriteArrayList<>();
    /** What the host reported through {@link HostListener#ioFailed}. */
    private final List<String> ioFailures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void up() throws Exception {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(1);
        h1 = lab.host(1);
        byte[] mac = h1.mac().toByteArray();
        capture = lab.client().runInNamespace(() -> PacketTransport.open("eth0", (f, n) -> {
            if (n > 14 && Arrays.equals(Arrays.copyOfRange(f, 6, 12), mac)) {
                adverts.add(new long[] {System.currentTimeMillis(), f[12] == (byte) 0x86 ? 1 : 0});
            }
        }));
    }

    @AfterEach
    void down() {
        if (host != null) {
            host.close();
        }
        if (capture != null) {
            capture.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private void start(String config) throws Exception {
        var cfg = ConfigParser.parse("test", config);
        host = h1.runInNamespace(() -> CarpHost.start(cfg, 1, java.util.Map.of(), new HostListener() {
            @Override
            public void ioFailed(String carpInterface, String message) {
                ioFailures.add(carpInterface + ": " + message);
            }
        }));
    }

    private VirtualHostStatus status() throws Exception {
        return host.call(e -> e.status().get(0));
    }

    private int demotion() throws Exception {
        return host.call(e -> e.demotion().get("carp"));
    }

    /** Samples every 250 ms until {@code wanted}; fails after {@code timeout}. Returns the milliseconds taken. */
    private long await(String what, Duration timeout, Predicate<VirtualHostStatus> wanted) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        VirtualHostStatus s;
        while (!wanted.test(s = status())) {
            if (System.nanoTime() > deadline) {
                fail(what + " not reached within " + timeout + ": " + s + ", failures " + host.failures());
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private boolean hasAddress(String address) {
        return h1.exec("ip", "-j", "addr", "show", "dev", "eth0").output().contains("\"local\":\"" + address + "\"");
    }

    private long advertsSince(long millis, boolean ipv6) {
        return adverts.stream().filter(a -> a[0] >= millis && (a[1] == 1) == ipv6).count();
    }

    /**
     * The ARP and ND tables of load balancing outlive a carpd killed with SIGKILL (they are not
     * owned by its socket); the next start removes them even without a balanced interface, having
     * found them over nfnetlink, and leaves other tables alone.
     */
    @Test
    void aCrashedBalancersTablesAreRemovedAtStart() throws Exception {
        assumeTrue(Nftables.available(), "libnftables1 is not installed");
        h1.exec("nft", "add table arp carpd_balance; add table ip6 carpd_balance; add table ip other").requireSuccess();
        start("carp0 carpdev eth0 vhid 1 pass pw " + VIP4 + "/24\n");
        String tables = h1.exec("nft", "list", "tables").requireSuccess().output();
        assertFalse(tables.contains("carpd_balance"), tables);
        assertTrue(tables.contains("table ip other"), tables);
    }

    @Test
    void deletedCarpdevGoesInitAndDemotesThenRecoversWhenRecreated() throws Exception {
        start("carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 pass pw " + VIP4 + "/24 " + VIP6 + "/64\n");
        await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        assertEquals(0, demotion());

        h1.exec("ip", "link", "del", "eth0").requireSuccess();
        long gone = System.currentTimeMillis();
        long took = await("INIT", Duration.ofSeconds(2), s -> s.state() == CarpState.INIT && !s.carpdevUp());
        assertTrue(took < 2 * SAMPLE_MILLIS, "INIT " + took + " ms after the deletion");
        for (int i = 0; i < 8; i++) { // and it stays so, demoted, without a FAILED entry, for 2 s
            VirtualHostStatus s = status();
            assertEquals(CarpState.INIT, s.state());
            assertFalse(s.carpdevUp(), "the listing must not say carpdev_up");
            assertEquals(1, demotion());
            assertEquals(Map.of(), host.failures(), "the addresses went with the interface: nothing failed");
            Thread.sleep(SAMPLE_MILLIS);
        }
        assertEquals(0, advertsSince(gone + 100, false), "nothing can be sent on a deleted interface");

        recreateEth0();
        long back = System.currentTimeMillis();
        await("BACKUP or MASTER", Duration.ofSeconds(2), s -> s.state() != CarpState.INIT && s.carpdevUp());
        assertEquals(0, demotion(), "carpdev up again: demotion lifted");
        long master = await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        assertTrue(master <= 3 * 1000 + 2 * SAMPLE_MILLIS, "MASTER " + master + " ms after BACKUP");
        Thread.sleep(2500);
        assertTrue(advertsSince(back, false) >= 2, "advertises over IPv4 on the new interface");
        assertTrue(advertsSince(back, true) >= 2, "and over IPv6 (link-local source found again)");
        assertTrue(hasAddress(VIP4) && hasAddress(VIP6), h1.exec("ip", "addr").output());
        String groups = h1.exec("ip", "maddr", "show", "dev", "eth0").requireSuccess().output();
        assertTrue(groups.contains("224.0.0.18") && groups.contains("ff02::12"), "CARP groups joined again:\n" + groups);
        lab.client().exec("ping", "-c", "1", "-W", "2", VIP4).requireSuccess();
        assertEquals(Map.of(), host.failures());
    }

    @Test
    void virtualAddressRemovedByHandIsRestoredAtOnceAndStaysReachable() throws Exception {
        start("carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 pass pw " + VIP4 + "/24 " + VIP6 + "/64\n");
        await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        lab.client().exec("ping", "-c", "1", "-W", "2", VIP4).requireSuccess();
        Process ping = new ProcessBuilder("ip", "netns", "exec", lab.client().netns(),
                "ping", "-c", "16", "-i", "0.25", "-W", "1", VIP4).redirectErrorStream(true).start();
        Thread.sleep(500);
        for (String address : new String[] {VIP4 + "/24", VIP6 + "/64"}) {
            String ip = address.substring(0, address.indexOf('/'));
            h1.exec("ip", "addr", "del", address, "dev", "eth0").requireSuccess();
            List<Boolean> samples = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Thread.sleep(SAMPLE_MILLIS);
                samples.add(hasAddress(ip));
            }
            assertTrue(samples.stream().allMatch(b -> b), ip + " back by the first sample and kept: " + samples);
        }
        assertEquals(CarpState.MASTER, status().state());
        assertEquals(Map.of(), host.failures());
        assertTrue(ping.waitFor(15, TimeUnit.SECONDS));
        String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int received = Integer.parseInt(out.replaceAll("(?s).* (\\d+) received.*", "$1"));
        assertTrue(received >= 15, "the client kept reaching " + VIP4 + ":\n" + out);
        lab.client().exec("ping", "-6", "-c", "1", "-W", "2", VIP6).requireSuccess();
    }

    @Test
    void anAddressThatKeepsBeingRemovedIsRestoredAtMostFiveTimesInTenSecondsThenAgainLater() throws Exception {
        start("carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 pass pw " + VIP4 + "/24\n");
        await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        for (int i = 1; i <= AddressWatch.MAX_RESTORES; i++) {
            h1.exec("ip", "addr", "del", VIP4 + "/24", "dev", "eth0").requireSuccess();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!hasAddress(VIP4)) {
                assertTrue(System.nanoTime() < deadline, "removal " + i + " not restored within 1 s");
                Thread.sleep(20);
            }
        }
        h1.exec("ip", "addr", "del", VIP4 + "/24", "dev", "eth0").requireSuccess();
        long paused = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            Thread.sleep(SAMPLE_MILLIS);
            assertFalse(hasAddress(VIP4), "the sixth removal within 10 s is not fought");
        }
        assertTrue(String.valueOf(host.failures().get("carp0")).contains("keeps being removed from eth0"),
                host.failures().toString());
        assertEquals(CarpState.MASTER, status().state());
        while (!hasAddress(VIP4)) { // the periodic check restores it once the 10 s are over
            assertTrue(System.nanoTime() - paused < TimeUnit.SECONDS.toNanos(17), "never restored again");
            Thread.sleep(SAMPLE_MILLIS);
        }
        assertEquals(Map.of(), host.failures(), "restored: no longer failed");
    }

    @Test
    void ipv6VhidWithoutLinkLocalCountsFailedSendsAndDemotesUntilOneAppears() throws Exception {
        h1.exec("ip", "-6", "addr", "flush", "dev", "eth0", "scope", "link").requireSuccess();
        start("carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 pass pw " + VIP6 + "/64\n");
        await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        long demoted = System.nanoTime();
        while (demotion() == 0) {
            assertTrue(System.nanoTime() - demoted < TimeUnit.SECONDS.toNanos(5), "not demoted by failed sends");
            Thread.sleep(SAMPLE_MILLIS);
        }
        long failures = host.call(e -> e.counters("carp0").get(Counter.SEND_FAILURES));
        assertTrue(failures >= 3, failures + " send failures");
        assertEquals(0, advertsSince(0, true), "no IPv6 advertisement without a link-local source");
        assertTrue(ioFailures.contains("carp0: no usable IPv6 link-local address on eth0: IPv6 advertisement not sent"),
                ioFailures.toString());

        // With duplicate address detection the new link-local address is tentative for a second or
        // more: it may not be used as a source until the kernel says DAD is done (RTM_NEWADDR again).
        h1.exec("sysctl", "-q", "-w", "net.ipv6.conf.eth0.accept_dad=1").requireSuccess();
        h1.exec("ip", "addr", "add", "fe80::ca4b:1/64", "dev", "eth0").requireSuccess();
        long added = System.currentTimeMillis();
        int tentativeSamples = 0;
        while (h1.exec("ip", "addr", "show", "dev", "eth0").output().contains("tentative")) {
            assertEquals(0, advertsSince(added, true), "a tentative link-local address is not used");
            assertTrue(System.currentTimeMillis() - added < 5000, "DAD never finished");
            tentativeSamples++;
            Thread.sleep(SAMPLE_MILLIS / 2);
        }
        assertTrue(tentativeSamples * SAMPLE_MILLIS / 2 >= 1000, "tentative for " + tentativeSamples + " samples:"
                + " at least one advertisement was due meanwhile");
        while (advertsSince(added, true) == 0) {
            assertTrue(System.currentTimeMillis() - added < 5000, "no advertisement after the link-local appeared");
            Thread.sleep(SAMPLE_MILLIS);
        }
        assertFalse(h1.exec("ip", "addr", "show", "dev", "eth0").output().contains("tentative"),
                "advertised once DAD was done");
        long failuresThen = host.call(e -> e.counters("carp0").get(Counter.SEND_FAILURES));
        assertTrue(failuresThen >= failures, "failed sends went on while the address was tentative");
        long lifted = System.nanoTime();
        while (demotion() != 0) {
            assertTrue(System.nanoTime() - lifted < TimeUnit.SECONDS.toNanos(5), "demotion not lifted");
            Thread.sleep(SAMPLE_MILLIS);
        }
        assertEquals(CarpState.MASTER, status().state());
        assertEquals(failuresThen, (long) host.call(e -> e.counters("carp0").get(Counter.SEND_FAILURES)),
                "no more failures once the link-local is usable");
    }

    @Test
    void adminDownAndUpIsNoFailureAndTheVhidComesBack() throws Exception {
        start("carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 pass pw " + VIP4 + "/24 " + VIP6 + "/64\n");
        await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        h1.exec("ip", "link", "set", "eth0", "down").requireSuccess(); // Linux flushes the IPv6 addresses
        await("INIT", Duration.ofSeconds(2), s -> s.state() == CarpState.INIT);
        for (int i = 0; i < 4; i++) {
            assertEquals(Map.of(), host.failures(), "the flushed IPv6 VIP was already gone: no FAILED");
            Thread.sleep(SAMPLE_MILLIS);
        }
        assertFalse(hasAddress(VIP4));
        h1.exec("ip", "link", "set", "eth0", "up").requireSuccess();
        long up = System.currentTimeMillis();
        await("MASTER again", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
        Thread.sleep(1500);
        assertTrue(advertsSince(up, false) >= 1, "advertising again (capture reopened if it had died)");
        assertEquals(Map.of(), host.failures());
        assertTrue(hasAddress(VIP4) && hasAddress(VIP6), "reported: " + ioFailures);
    }

    @Test
    void neighbourAdvertisementCarriesTheRouterFlagOnlyWhenTheCarpdevForwardsIpv6() throws Exception {
        for (boolean forwarding : new boolean[] {true, false}) {
            h1.exec("sysctl", "-q", "-w", "net.ipv6.conf.eth0.forwarding=" + (forwarding ? 1 : 0)).requireSuccess();
            PacketSocket na = lab.client().runInNamespace(
                    () -> PacketSocket.open("eth0", new SocketFilter(0x06, 0, 0, 256), 256, 100));
            try {
                start("carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 pass pw " + VIP6 + "/64\n");
                await("MASTER", Duration.ofSeconds(6), s -> s.state() == CarpState.MASTER);
                byte[] frame = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (frame == null && System.nanoTime() < deadline) {
                    byte[] f = na.receive(); // null on the read timeout
                    frame = f != null && isNeighbourAdvertisementFrom(f, h1.mac().toByteArray()) ? f : null;
                }
                assertTrue(frame != null, "no neighbour advertisement from h1");
                assertEquals(forwarding ? 0xa0 : 0x20, frame[14 + 40 + 4] & 0xff,
                        "flags of the NA with forwarding=" + forwarding + " (router 0x80, override 0x20)");
            } finally {
                na.close();
                host.close();
                host = null;
            }
        }
    }

    @Test
    void carpdevThatAppearsLaterIsOpenedAndCleanedOfStaleAddresses() throws Exception {
        start("carp0 carpdev eth1 lladdr carpdev vhid 1 advbase 1 pass pw 198.18.9.10/24\n");
        assertEquals(CarpState.INIT, status().state());
        assertEquals(1, demotion(), "a missing carpdev counts as down");
        // eth1 appears, down, with an address a crashed carpd left (carpd's marker: added through RouteNetlink)
        h1.exec("ip", "link", "add", "eth1", "type", "veth", "peer", "name", "eth1p").requireSuccess();
        h1.runInNamespace(() -> {
            try (RouteNetlink nl = RouteNetlink.open()) {
                nl.addAddress(nl.link("eth1").index(), InetAddress.getByName("198.18.9.99"), 24);
            }
            return null;
        });
        assertTrue(h1.exec("ip", "addr", "show", "dev", "eth1").output().contains("198.18.9.99"));
        Thread.sleep(SAMPLE_MILLIS);
        assertEquals(CarpState.INIT, status().state(), "not up yet");
        h1.exec("ip", "link", "set", "eth1p", "up").requireSuccess();
        h1.exec("ip", "link", "set", "eth1", "up").requireSuccess();
        long took = await("BACKUP", Duration.ofSeconds(2), s -> s.state() != CarpState.INIT && s.carpdevUp());
        assertTrue(took < 2 * SAMPLE_MILLIS, "opened on its link event, " + took + " ms");
        assertEquals(0, demotion());
        assertFalse(h1.exec("ip", "addr", "show", "dev", "eth1").output().contains("198.18.9.99"),
                "the stale address is removed when the carpdev is opened");
        await("MASTER", Duration.ofSeconds(5), s -> s.state() == CarpState.MASTER);
        assertTrue(h1.exec("ip", "addr", "show", "dev", "eth1").output().contains("198.18.9.10/24"));
    }

    /** Re-creates h1's eth0 as the lab made it: a new veth pair (new ifindex), same MAC and addresses. */
    private void recreateEth0() throws Exception {
        String sw = lab.switchNetns();
        run("ip", "-n", sw, "link", "add", h1.switchPort(), "type", "veth", "peer", "name", "eth0",
                "address", h1.mac().toString(), "netns", h1.netns());
        run("ip", "-n", sw, "link", "set", h1.switchPort(), "master", "br0", "up");
        h1.exec("sysctl", "-q", "-w", "net.ipv6.conf.eth0.accept_dad=0").requireSuccess();
        h1.exec("ip", "addr", "add", "198.18.0.1/24", "dev", "eth0").requireSuccess();
        h1.exec("ip", "addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad").requireSuccess();
        h1.exec("ip", "link", "set", "eth0", "up").requireSuccess();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
    }

    /** An ICMPv6 neighbour advertisement (type 136 directly after the fixed header) from {@code mac}. */
    private static boolean isNeighbourAdvertisementFrom(byte[] f, byte[] mac) {
        return f.length > 14 + 40 + 4 && (f[12] & 0xff) == 0x86 && (f[13] & 0xff) == 0xdd && f[14 + 6] == 58
                && (f[14 + 40] & 0xff) == 136 && Arrays.equals(f, 6, 12, mac, 0, 6);
    }
}
