package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync demotion ({@code set sync-demote 32}) in the NAT firewall pair of the operator guide's
 * example: fw1 (preferred, preempt on) loses its connection state (carpd and conntrackd stop, the
 * kernel table is flushed) while a TCP stream runs through the NAT; fw2 takes over. When fw1
 * comes back it must not preempt before conntrackd has resynchronised its table: it holds demote
 * 32 from the start, the conntrackd action releases it ({@code carpctl sync done}) once the
 * resync has arrived, and only then does fw1 take over, so that its MASTER action commits the
 * connection's state into its kernel table and the connection is not reset. fw1's state,
 * demotion and external cache are sampled every 250 ms. (Without the demotion fw1 preempts at its
 * first advertisement, before the resync: nothing is committed and the test fails.)
 */
class ConntrackdSyncDemoteIT {
    private static final int PORT = 5002;
    private static final Pattern STATE = Pattern.compile("\"state\":\"(\\w+)\".*\"demote\":(\\d+)");

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

    /** One sample of fw1: carp0's state and demote, and whether its external cache has the stream. */
    private record Sample(long millis, String state, int demote, boolean synced) {
    }

    private String carp0(CarpdNode n) throws Exception {
        var r = n.ctl("--json", "carp0");
        return r.exitCode() == 0 ? r.output() : "";
    }

    private void awaitState(CarpdNode n, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(n.ctl("carp0").output().contains("carp: " + state + " ") && n.ctl("carp1").output().contains("carp: " + state + " "))) {
            if (System.nanoTime() > deadline) {
                fail(n + ": carp0/carp1 not both " + state + " within " + timeout + ":\n" + n.log());
            }
            Thread.sleep(50);
        }
    }

    /** The new master's kernel table gets the connection from conntrackd's external cache (its MASTER action's commit). */
    private void awaitKernelEntry(int fw, String why) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!lab.host(fw).exec("conntrack", "-L", "-p", "tcp").output().contains("dport=" + PORT)) {
            if (System.nanoTime() > deadline) {
                fail("the connection's state never reached the kernel of fw" + fw + ": " + why + diagnostics());
            }
            Thread.sleep(100);
        }
    }

    /**
     * After a handover the stream resumes within 15 s (TCP's retransmission backoff after the
     * packets lost while the addresses moved), is never reset, and then flows every second.
     */
    private String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 2; i++) {
            b.append("\n--- fw").append(i).append(" conntrack:\n").append(lab.host(i).exec("conntrack", "-L").output())
                    .append("--- addresses:\n").append(lab.host(i).exec("ip", "-br", "addr").output())
                    .append("--- actions:\n").append(NatFirewallPair.read(tmp.resolve("ct-h" + i + "/actions.log")))
                    .append("--- notify:\n").append(NatFirewallPair.read(tmp.resolve("notify-h" + i + ".log")))
                    .append("--- conntrackd log:\n").append(NatFirewallPair.read(tmp.resolve("ct-h" + i + "/conntrackd.log")));
        }
        b.append("--- client neighbours:\n").append(lab.client().exec("ip", "neigh").output());
        b.append("--- server neighbours:\n").append(lab.host(3).exec("ip", "neigh").output());
        return b.toString();
    }

    private void assertFlows(NatStream stream, String why) throws InterruptedException {
        long at = stream.received().get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (stream.received().get() <= at + 10_000) {
            assertNull(stream.failure().get(), "the connection failed " + why);
            if (System.nanoTime() > deadline) {
                fail("no bytes within 15 s " + why + diagnostics());
            }
            Thread.sleep(250);
        }
        for (int second = 0; second < 3; second++) {
            long start = stream.received().get();
            for (int q = 0; q < 4; q++) {
                Thread.sleep(250);
                assertNull(stream.failure().get(), "the connection failed " + why);
            }
            assertTrue(stream.received().get() > start + 20_000, "the stream stalled " + why);
        }
    }

    @Test
    void aReturningFirewallTakesOverOnlyAfterItsStateTableIsResynchronised() throws Exception {
        NetnsLab.assumeAvailable();
        for (String tool : List.of("/usr/sbin/conntrackd", "/usr/sbin/nft", "/usr/sbin/conntrack")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
        }
        lab = NetnsLab.create(3);
        NatFirewallPair pair = new NatFirewallPair(lab, tmp);
        pair.build();
        Path[] conf = new Path[3];
        for (int i = 1; i <= 2; i++) {
            CarpdNode n = new CarpdNode(lab.host(i), tmp);
            nodes.add(n);
            n.writeConfig(NatFirewallPair.carpConfig(i == 1 ? 0 : 100, n.writeKey("nat-secret")));
            NatFirewallPair.check(n.configFile());
            conf[i] = pair.startConntrackd(i);
            Path dir = pair.notifyDir(i, conf[i], n.dir().resolve("carpd.sock"));
            notifiers.add(new ProcessBuilder(CarpdNode.DIST.resolve("bin/carpd-notify").toString(), "--foreground",
                    "-s", n.dir().resolve("carpd.sock").toString(), "-d", dir.toString(), "--carpd-user", "root")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("notify-h" + i + ".log").toFile()).start());
        }
        CarpdNode fw1 = nodes.get(0);
        CarpdNode fw2 = nodes.get(1);
        fw1.start();
        awaitState(fw1, "MASTER", Duration.ofSeconds(15));
        fw2.start();
        awaitState(fw2, "BACKUP", Duration.ofSeconds(5));
        fw2.awaitLog("state sync done; demotion 32 released", Duration.ofSeconds(20));

        NatStream stream = NatStream.open(lab, PORT, sockets);
        assertFlows(stream, "through fw1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!pair.cache(2, conf[2], "-e").contains("dport=" + PORT)) {
            assertTrue(System.nanoTime() < deadline, "fw2's external cache never got the connection");
            Thread.sleep(100);
        }

        // fw1 goes away with its state; fw2 takes over (bow-out) and commits the synchronised entry.
        fw1.stop();
        pair.stopConntrackd(1);
        awaitState(fw2, "MASTER", Duration.ofSeconds(5));
        awaitKernelEntry(2, "fw2 after fw1 went away");
        assertFalse(pair.cache(1, conf[1], "-e").contains("dport=" + PORT), "fw1 lost its state");

        // fw1 comes back, empty: sample it every 250 ms until it is MASTER again.
        pair.startConntrackd(1);
        Instant back = Instant.now();
        fw1.start();
        List<Sample> samples = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        long until = t0 + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < until) {
            Matcher m = STATE.matcher(carp0(fw1));
            if (m.find()) {
                samples.add(new Sample((System.nanoTime() - t0) / 1_000_000, m.group(1), Integer.parseInt(m.group(2)),
                        pair.cache(1, conf[1], "-e").contains("dport=" + PORT)));
                if (m.group(1).equals("MASTER")) {
                    break;
                }
            }
            Thread.sleep(250);
        }
        String why = "\nsamples " + samples + "\nfw1 log:\n" + fw1.log() + "\nfw1 notify:\n"
                + NatFirewallPair.read(tmp.resolve("notify-h1.log"));
        assertTrue(samples.size() >= 3, why);
        assertEquals("BACKUP", samples.get(0).state(), why);
        assertEquals(32, samples.get(0).demote(), "fw1 starts demoted by 32" + why);
        Sample firstMaster = samples.stream().filter(s -> s.state().equals("MASTER")).findFirst()
                .orElseGet(() -> fail("fw1 never took back over" + why));
        assertTrue(samples.stream().filter(s -> s.demote() == 32).allMatch(s -> s.state().equals("BACKUP")),
                "never MASTER while the sync demotion is held" + why);
        Sample firstSynced = samples.stream().filter(Sample::synced).findFirst()
                .orElseGet(() -> fail("fw1's external cache never got the connection" + why));
        assertTrue(firstSynced.millis() <= firstMaster.millis(), "the table was synchronised before fw1 took over" + why);
        assertTrue(fw1.log().contains("state sync done; demotion 32 released"), why);
        assertFalse(fw1.log().contains("was not reported done"), "released by the action, not the timeout" + why);
        CarpdNode.Transition took = fw1.awaitTransition("MASTER", back, Duration.ofSeconds(5));
        assertEquals("preempting a slower master", took.reason(), why);
        awaitState(fw1, "MASTER", Duration.ofSeconds(5));
        awaitKernelEntry(1, "fw1 after it took back over" + why);
        for (int q = 0; q < 20; q++) {
            Thread.sleep(250);
            assertNull(stream.failure().get(), "the connection was reset" + why);
        }
        // Whether the bytes resume after a planned handover is conntrackd's part, and not reliable
        // in this lab (see docs/lab.md); reported, not asserted. The unplanned failover is ConntrackdNatIT's.
        System.out.println("[carpd lab] sync-demote: stream after fw1's return " + stream.received());
    }
}
