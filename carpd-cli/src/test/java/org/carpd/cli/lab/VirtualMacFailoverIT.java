package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.PingProbe;
import org.carpd.testing.lab.SwitchFirewall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code lladdr virtual}: a client that ignores every ARP and neighbour discovery packet (nftables
 * in the lab switch drops them towards it) and so keeps the neighbour entry it learned once,
 * pinned, keeps reaching both virtual addresses across an unplanned failover (the master's cable
 * pulled) and a planned one (SIGTERM): the virtual MAC moves with the master, the switch learns it
 * on the new master's port from its first advertisement. The same client with {@code lladdr
 * carpdev} loses the address: proof that the pinning bites.
 */
class VirtualMacFailoverIT extends TwoNodeLabTest {
    static final String VIRTUAL_MAC = "00:00:5e:00:01:01";
    private static final long SAMPLE_MS = 250;
    /** Master-down for advbase 1, advskew 100 (OpenBSD formula), plus the probe's and the lab's slack. */
    private static final long UNPLANNED_OUTAGE_MS = 3 * (1000 + 100 * 1000 / 256) + 1000;
    private static final long PLANNED_OUTAGE_MS = 1000;
    private static final Pattern FDB_PORT = Pattern.compile("(?m)^" + VIRTUAL_MAC + " dev (\\S+)");

    /** One sample of what the client and the switch see. */
    record Sample(Instant time, String neigh4, String neigh6, String fdbPort) {
    }

    @BeforeEach
    void up() throws Exception {
        assumeTrue(SwitchFirewall.available(), "nft is not installed");
        createLab();
    }

    private static String config(String lladdr, int advskew, java.nio.file.Path key) {
        return "carp0 carpdev eth0 vhid 1 advbase 1 advskew " + advskew + " pass-file " + key
                + (lladdr == null ? "" : " lladdr " + lladdr) + " " + CarpdNode.VIP4 + "/24 " + CarpdNode.VIP6 + "/64\n";
    }

    /** h1 MASTER, h2 BACKUP; the client learns the virtual addresses once and pins them; ARP/ND towards it dropped. */
    private String[] startPinned(String lladdr) throws Exception {
        n1.writeConfig(config(lladdr, 0, n1.writeKey("vmac")));
        n2.writeConfig(config(lladdr, 100, n2.writeKey("vmac")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        LabHost client = lab.client();
        client.exec("ping", "-n", "-c", "1", "-W", "2", CarpdNode.VIP4).requireSuccess();
        client.exec("ping", "-n", "-c", "1", "-W", "2", CarpdNode.VIP6).requireSuccess();
        String[] learned = {lladdrOf(neigh(CarpdNode.VIP4)), lladdrOf(neigh(CarpdNode.VIP6))};
        for (String[] pin : List.of(new String[] {CarpdNode.VIP4, learned[0]}, new String[] {CarpdNode.VIP6, learned[1]})) {
            client.exec("ip", "neigh", "replace", pin[0], "lladdr", pin[1], "dev", "eth0", "nud", "permanent")
                    .requireSuccess();
        }
        // The nodes cannot ask the client either (it ignores ARP/NS): they know it statically.
        for (LabHost h : List.of(lab.host(1), lab.host(2))) {
            h.exec("ip", "neigh", "replace", client.ipv4().getHostAddress(), "lladdr", client.mac().toString(),
                    "dev", "eth0", "nud", "permanent").requireSuccess();
            h.exec("ip", "neigh", "replace", client.ipv6().getHostAddress(), "lladdr", client.mac().toString(),
                    "dev", "eth0", "nud", "permanent").requireSuccess();
        }
        sw("nft", "-f", "-", "table bridge carpdvmac {\n chain forward {\n  type filter hook forward priority -10;"
                + " policy accept;\n  oifname \"" + client.switchPort() + "\" ether type arp counter drop\n"
                + "  oifname \"" + client.switchPort() + "\" icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert,"
                + " nd-router-advert, nd-redirect } counter drop\n }\n}\n");
        return learned;
    }

    @Test
    void pinnedClientKeepsReachingTheVirtualAddressesAcrossUnplannedAndPlannedFailover() throws Exception {
        String[] learned = startPinned(null); // the default: virtual
        assertEquals(VIRTUAL_MAC, learned[0], "the client learned the virtual MAC for " + CarpdNode.VIP4);
        assertEquals(VIRTUAL_MAC, learned[1], "the client learned the virtual MAC for " + CarpdNode.VIP6);
        String h1Link = lab.host(1).exec("ip", "-d", "link", "show", "carp0").requireSuccess().output();
        assertTrue(h1Link.contains("link/ether " + VIRTUAL_MAC) && h1Link.contains("macvlan mode private")
                && h1Link.contains("alias carpd") && h1Link.contains("state UP"), h1Link);
        String h2Link = lab.host(2).exec("ip", "-d", "link", "show", "carp0").requireSuccess().output();
        assertTrue(h2Link.contains("state DOWN") && !h2Link.contains(",UP"), "the backup keeps carp0 down: " + h2Link);
        assertTrue(lab.host(1).exec("ip", "addr", "show", "dev", "carp0").output().contains(CarpdNode.VIP4 + "/24"));
        assertFalse(n1.hasVip4(), "the virtual address is on carp0, not on eth0");
        assertEquals("1", lab.host(1).exec("cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").output().trim());

        String pinned4 = neigh(CarpdNode.VIP4);
        String pinned6 = neigh(CarpdNode.VIP6);
        List<Sample> samples = new ArrayList<>();
        Thread sampler = sampler(samples);
        PingProbe p4 = PingProbe.start(lab.client(), CarpdNode.VIP4, Duration.ofMillis(100), Duration.ofSeconds(26));
        PingProbe p6 = PingProbe.start(lab.client(), CarpdNode.VIP6, Duration.ofMillis(100), Duration.ofSeconds(26));
        Instant t2;
        Instant t3;
        Instant term;
        try {
            Thread.sleep(2000);
            Instant cut = Instant.now();
            lab.host(1).linkDown();
            t2 = n2.awaitTransition("MASTER", cut, Duration.ofSeconds(10)).time();
            Thread.sleep(3000);
            lab.host(1).linkUp();
            n1.awaitState("BACKUP", Duration.ofSeconds(15));
            Thread.sleep(2000);
            term = Instant.now();
            n2.signal("TERM");
            t3 = n1.awaitTransition("MASTER", term, Duration.ofSeconds(5)).time();
            assertTrue(n2.process().waitFor(10, TimeUnit.SECONDS));
            // n2 exits as soon as it hears n1 (it holds the addresses until then): keep sampling
            // long enough to see the switch learn the MAC on n1's port.
            Thread.sleep(1500);
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        PingProbe.Result r4 = p4.result();
        PingProbe.Result r6 = p6.result();
        synchronized (samples) {
            long span = Duration.between(samples.get(0).time(), samples.get(samples.size() - 1).time()).toMillis();
            assertTrue(span / samples.size() <= 2 * SAMPLE_MS, samples.size() + " samples in " + span + " ms");
            for (Sample s : samples) {
                assertEquals(pinned4, s.neigh4(), "the client's neighbour entry never changes: " + s);
                assertEquals(pinned6, s.neigh6(), "the client's neighbour entry never changes: " + s);
            }
            assertFdbMoves(samples, t2, lab.host(2).switchPort());
            assertFdbMoves(samples, t3, lab.host(1).switchPort());
        }
        for (PingProbe.Result r : List.of(r4, r6)) {
            assertTrue(r.outage().toMillis() <= UNPLANNED_OUTAGE_MS, "outage " + r.outage() + "\n" + r.output());
            assertTrue(gapAround(r, term).toMillis() <= PLANNED_OUTAGE_MS, "planned: " + gapAround(r, term));
            Instant last = r.replies().get(r.replies().size() - 1);
            assertTrue(Duration.between(t3, last).toMillis() > 2000, "replies go on after the handover: " + last);
        }
        assertTrue(sw("nft", "list", "table", "bridge", "carpdvmac").matches("(?s).*ether type arp counter packets [1-9].*"),
                "gratuitous ARPs towards the client were dropped: " + sw("nft", "list", "table", "bridge", "carpdvmac"));
        // SIGTERM removed the old master's macvlan and put its carpdev's ARP settings back.
        assertFalse(lab.host(2).exec("ip", "link", "show", "carp0").ok(), "h2's carp0 is gone after SIGTERM");
        assertEquals("0", lab.host(2).exec("cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").output().trim());
    }

    /** Without a MAC of its own the pinned client points at the old master: the test above can fail. */
    @Test
    void withTheCarpdevsMacThePinnedClientLosesTheAddress() throws Exception {
        String[] learned = startPinned("carpdev");
        assertEquals(lab.host(1).mac().toString(), learned[0]);
        assertFalse(lab.host(1).exec("ip", "link", "show", "carp0").ok(), "no macvlan in carpdev mode");
        Instant cut = Instant.now();
        lab.host(1).linkDown();
        try {
            Instant t2 = n2.awaitTransition("MASTER", cut, Duration.ofSeconds(10)).time();
            assertTrue(n2.hasVip4());
            Thread.sleep(1000);
            assertFalse(lab.client().exec("ping", "-n", "-c", "3", "-W", "1", CarpdNode.VIP4).ok(),
                    "the pinned client cannot reach " + CarpdNode.VIP4 + " on the new master (since " + t2 + ")");
            assertEquals(learned[0], lladdrOf(neigh(CarpdNode.VIP4)));
        } finally {
            lab.host(1).linkUp();
        }
    }

    private static void assertFdbMoves(List<Sample> samples, Instant master, String port) {
        Sample first = samples.stream().filter(s -> !s.time().isBefore(master) && port.equals(s.fdbPort()))
                .findFirst().orElse(null);
        assertTrue(first != null, "the switch never learned " + VIRTUAL_MAC + " on " + port + ": " + samples);
        long ms = Duration.between(master, first.time()).toMillis();
        assertTrue(ms <= 1000 + SAMPLE_MS, VIRTUAL_MAC + " on " + port + " " + ms + " ms after MASTER");
        assertTrue(samples.stream().filter(s -> s.time().isAfter(first.time()) && s.time().isBefore(master.plusSeconds(4)))
                .allMatch(s -> port.equals(s.fdbPort())), "and stays there: " + samples);
    }

    /** The longest gap between replies from 1 s before {@code t} to 3 s after it. */
    private static Duration gapAround(PingProbe.Result r, Instant t) {
        Duration max = Duration.ZERO;
        Instant prev = null;
        for (Instant x : r.replies()) {
            if (prev != null && x.isAfter(t.minusSeconds(1)) && prev.isBefore(t.plusSeconds(3))) {
                Duration d = Duration.between(prev, x).minus(r.interval());
                max = d.compareTo(max) > 0 ? d : max;
            }
            prev = x;
        }
        return max;
    }

    private Thread sampler(List<Sample> samples) {
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SAMPLE_MS);
                    Matcher m = FDB_PORT.matcher(sw("bridge", "fdb", "show", "br", "br0"));
                    String all = lab.client().exec("ip", "neigh", "show", "dev", "eth0").requireSuccess().output();
                    Sample s = new Sample(Instant.now(), line(all, CarpdNode.VIP4), line(all, CarpdNode.VIP6),
                            m.find() ? m.group(1) : "");
                    synchronized (samples) {
                        samples.add(s);
                    }
                    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "vmac-sampler");
        t.start();
        return t;
    }

    /** The line of {@code ip neigh show dev eth0} for {@code address}, without the device. */
    private static String line(String all, String address) {
        return all.lines().filter(l -> l.startsWith(address + " ")).findFirst().orElse("").trim();
    }

    private String neigh(String address) {
        return lab.client().exec("ip", "neigh", "show", address, "dev", "eth0").requireSuccess().output().trim();
    }

    private static String lladdrOf(String neigh) {
        Matcher m = Pattern.compile("lladdr (\\S+)").matcher(neigh);
        assertTrue(m.find(), "no lladdr in '" + neigh + "'");
        return m.group(1);
    }

    /** Runs a command in the lab switch's namespace; the last argument is stdin when the command reads "-". */
    private String sw(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", lab.switchNetns()));
        boolean stdin = List.of(command).contains("-");
        cmd.addAll(List.of(command).subList(0, stdin ? command.length - 1 : command.length));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin) {
            p.getOutputStream().write(command[command.length - 1].getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
        return out;
    }
}
