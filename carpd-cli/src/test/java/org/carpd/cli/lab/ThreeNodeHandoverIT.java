package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.carpd.testing.lab.HolderSampler;
import org.carpd.testing.lab.HolderTimeline;
import org.carpd.testing.lab.NetnsLab;
import org.carpd.testing.lab.PingProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 3: a planned handover (SIGTERM of the master) with three carpd nodes, advskew
 * 0/100/200. Only the most preferred backup may take over; the client's outage, measured with a
 * 10 ms ping, must be a few probes, not the 1.5-2.4 s it was when every backup grabbed the
 * address and the least preferred one's gratuitous ARP arrived last.
 */
class ThreeNodeHandoverIT {
    private static final Duration PROBE = Duration.ofMillis(10);
    /**
     * The outage the design allows: the most preferred backup's bow-out wait (1/4096 s per
     * advskew step: 24 ms for advskew 100) plus the announcement and scheduling delays of a
     * loaded host.
     */
    static final Duration MAX_OUTAGE = Duration.ofMillis(100 * 1000 / 4096 + 200);

    @TempDir
    Path tmp;

    private NetnsLab lab;
    private final List<CarpdNode> nodes = new ArrayList<>();

    @AfterEach
    void down() throws Exception {
        LabTeardown.close(List.of(), List.of(), nodes, lab);
    }

    @Test
    void plannedHandoverGoesToTheMostPreferredBackupOnlyWithinAFewProbes() throws Exception {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(3);
        int[] skews = {0, 100, 200};
        for (int i = 0; i < 3; i++) {
            CarpdNode n = new CarpdNode(lab.host(i + 1), tmp);
            n.writeConfig(CarpdNode.carp0(1, skews[i], n.writeKey("three-nodes")));
            nodes.add(n);
        }
        CarpdNode n1 = nodes.get(0);
        CarpdNode n2 = nodes.get(1);
        CarpdNode n3 = nodes.get(2);
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.start();
        n3.start();
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        n3.awaitState("BACKUP", Duration.ofSeconds(5));
        lab.client().exec("ping", "-c1", "-W1", CarpdNode.VIP4).requireSuccess();

        try (HolderSampler sampler = HolderSampler.start(lab, lab.hosts(), List.of(CarpdNode.VIP4, CarpdNode.VIP6))) {
            PingProbe probe = PingProbe.start(lab.client(), CarpdNode.VIP4, PROBE, Duration.ofSeconds(5));
            Thread.sleep(1500);
            Instant stop = Instant.now();
            n1.signal("TERM");
            var t = n2.awaitTransition("MASTER", stop, Duration.ofSeconds(5));
            assertEquals("master bowed out", t.reason());
            PingProbe.Result ping = probe.result();
            Thread.sleep(1000);
            HolderTimeline holders = sampler.stop();
            String why = "\nv4 holders:\n" + holders.render(CarpdNode.VIP4) + "\nh2 log:\n" + n2.log() + "\nh3 log:\n"
                    + n3.log();

            assertTrue(ping.replies().size() > 100, "the probe got too few replies:\n" + ping.output());
            Duration outage = ping.outage();
            System.out.println("[carpd lab] three-node planned handover: client outage " + outage.toMillis() + " ms ("
                    + ping.replies().size() + " replies at " + PROBE.toMillis() + " ms)");
            assertTrue(outage.compareTo(MAX_OUTAGE) <= 0, "client outage " + outage.toMillis() + " ms, allowed "
                    + MAX_OUTAGE.toMillis() + " ms, gap after " + ping.outageStart() + why);

            for (String vip : List.of(CarpdNode.VIP4, CarpdNode.VIP6)) {
                assertFalse(holders.everHeldBy(vip).contains("h3"), "the least preferred node held " + vip + why);
                assertEquals("h2", holders.assertExactlyOneHolderFrom(vip, stop.plus(MAX_OUTAGE).plusMillis(250)), why);
                holders.assertNeverTwoHoldersLongerThan(vip, Duration.ofMillis(400)); // at most one sample
            }
            assertTrue(n3.transitions().stream().noneMatch(x -> x.to().equals("MASTER")),
                    "h3 must never become MASTER: " + n3.transitions() + why);
            assertEquals("BACKUP", n3.state());
            assertEquals("h2", holders.samples().get(holders.samples().size() - 1).neighbourOf(CarpdNode.VIP4), why);
        }
    }
}
