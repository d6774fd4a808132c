package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stateful NAT firewall pair ({@link NatFirewallPair}) with carpd on both sides and
 * conntrackd's FTFW sync on a third link, driven by carpd-notify and the shipped conntrackd
 * action: a TCP stream from the client through the NAT keeps flowing across an unplanned
 * failover (the master's links all go down). Without conntrackd the same stream stalls: the new
 * master has no state for it and drops it, which shows that the sync is what keeps it alive.
 */
class ConntrackdNatIT {
    private static final int PORT = 5001;

    @TempDir
    Path tmp;

    private NetnsLab lab;
    private final List<CarpdNode> nodes = new ArrayList<>();
    private final List<Process> notifiers = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        LabTeardown.close(sockets, notifiers, nodes, lab);
    }

    private NatStream openStream() throws Exception {
        return NatStream.open(lab, PORT, sockets);
    }

    private String carpState(CarpdNode n, String iface) throws Exception {
        String out = n.ctl(iface).requireSuccess().output();
        for (String s : List.of("MASTER", "BACKUP", "INIT")) {
            if (out.contains("carp: " + s + " ")) {
                return s;
            }
        }
        return out;
    }

    private void awaitBoth(CarpdNode n, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(carpState(n, "carp0").equals(state) && carpState(n, "carp1").equals(state))) {
            if (System.nanoTime() > deadline) {
                fail(n + ": carp0/carp1 not both " + state + " within " + timeout + ":\n" + n.log());
            }
            Thread.sleep(50);
        }
    }

    private static void sleep(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    /** Builds everything, starts the stream, fails h1 over; returns the stream and h2's takeover time. */
    private NatStream failOverUnderAStream(boolean conntrackd, NatFirewallPair pair) throws Exception {
        pair.build();
        for (int i = 1; i <= 2; i++) {
            CarpdNode n = new CarpdNode(lab.host(i), tmp);
            nodes.add(n);
            n.writeConfig(NatFirewallPair.carpConfig(i == 1 ? 0 : 100, n.writeKey("nat-secret")));
            NatFirewallPair.check(n.configFile());
            if (conntrackd) {
                Path conf = pair.startConntrackd(i);
                Path dir = pair.notifyDir(i, conf, n.dir().resolve("carpd.sock"));
                Path log = tmp.resolve("notify-h" + i + ".log");
                notifiers.add(new ProcessBuilder(CarpdNode.DIST.resolve("bin/carpd-notify").toString(), "--foreground",
                        "-s", n.dir().resolve("carpd.sock").toString(), "-d", dir.toString(), "--carpd-user", "root")
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
        }
        nodes.get(0).start();
        nodes.get(1).start();
        awaitBoth(nodes.get(0), "MASTER", Duration.ofSeconds(15));
        awaitBoth(nodes.get(1), "BACKUP", Duration.ofSeconds(5));

        NatStream stream = openStream();
        assertEquals(InetAddress.getByName(NatFirewallPair.NAT_VIP), stream.serverSawPeer(),
                "the server sees the connection from the NAT address");
        long before = stream.received().get();
        sleep(2000);
        assertTrue(stream.received().get() > before + 50_000, "the stream flows through h1: " + stream.received());
        if (conntrackd) {
            Path conf = tmp.resolve("ct-h2/conntrackd.conf");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!pair.cache(2, conf, "-e").contains("dport=" + PORT)) {
                if (System.nanoTime() > deadline) {
                    fail("h2's external cache never got the connection:\n" + pair.cache(2, conf, "-e")
                            + "\nh1 internal:\n" + pair.cache(1, tmp.resolve("ct-h1/conntrackd.conf"), "-i"));
                }
                sleep(100);
            }
        }
        pair.unplug(1);
        awaitBoth(nodes.get(1), "MASTER", Duration.ofSeconds(10));
        return stream;
    }

    @Test
    void aTcpStreamThroughTheNatSurvivesAnUnplannedFailoverWithConntrackd() throws Exception {
        lab = lab();
        NatFirewallPair pair = new NatFirewallPair(lab, tmp);
        NatStream stream = failOverUnderAStream(true, pair);
        long atTakeover = stream.received().get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (stream.received().get() <= atTakeover + 10_000) {
            assertNull(stream.failure().get(), "the connection failed");
            if (System.nanoTime() > deadline) {
                fail("no bytes through h2 within 15 s of its takeover (" + stream.received() + ")" + diagnostics(pair));
            }
            sleep(250);
        }
        // and keeps flowing: every second more arrives, sampled every 250 ms
        for (int second = 0; second < 4; second++) {
            long start = stream.received().get();
            for (int q = 0; q < 4; q++) {
                sleep(250);
                assertNull(stream.failure().get(), "the connection failed");
            }
            assertTrue(stream.received().get() > start + 20_000, "stream stalled after the failover" + diagnostics(pair));
        }
        String h2Actions = NatFirewallPair.read(pair.actionsLog(2));
        assertTrue(h2Actions.contains("carp0 MASTER"), "conntrackd action ran on h2's takeover:\n" + h2Actions);
    }

    @Test
    void withoutConntrackdTheSameStreamStallsAfterTheFailover() throws Exception {
        lab = lab();
        NatFirewallPair pair = new NatFirewallPair(lab, tmp);
        NatStream stream = failOverUnderAStream(false, pair);
        sleep(1000); // what was in flight towards h2 when it took over
        long settled = stream.received().get();
        for (int q = 0; q < 48; q++) { // 12 s, longer than the recovery with conntrackd takes
            sleep(250);
            assertEquals(settled, stream.received().get(), "bytes reached the server without connection state");
        }
    }

    private NetnsLab lab() {
        NetnsLab.assumeAvailable();
        for (String tool : List.of("/usr/sbin/conntrackd", "/usr/sbin/nft")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
        return NetnsLab.create(3);
    }

    private String diagnostics(NatFirewallPair pair) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            b.append("\n--- h").append(i).append(" actions:\n").append(NatFirewallPair.read(pair.actionsLog(i)))
                    .append("--- notify:\n").append(NatFirewallPair.read(tmp.resolve("notify-h" + i + ".log")))
                    .append("--- conntrack:\n").append(lab.host(i).exec("conntrack", "-L").output())
                    .append("--- conntrackd log:\n").append(NatFirewallPair.read(tmp.resolve("ct-h" + i + "/conntrackd.log")));
        }
        return b.toString();
    }
}
