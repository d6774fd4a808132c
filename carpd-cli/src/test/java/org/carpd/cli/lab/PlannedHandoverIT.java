package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carpd.testing.lab.HolderSampler;
import org.carpd.testing.lab.HolderTimeline;
import org.carpd.testing.lab.PingProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: a planned handover loses no probe of a 1 kHz ping. The old master keeps its
 * addresses until it hears the new master (which adds them and sends its gratuitous ARP right
 * after its first advertisement, its unsolicited NA once the kernel has made the IPv6 address
 * usable), then removes them: SIGTERM, {@code carpctl carp0 state backup} and an advskew change
 * that makes the backup preempt.
 */
class PlannedHandoverIT extends TwoNodeLabTest {
    private static final Duration PROBE = Duration.ofMillis(1);
    /** The target: no lost probe, and no gap between replies longer than this beyond one interval. */
    private static final Duration MAX_OUTAGE = Duration.ofMillis(2);

    @BeforeEach
    void up() throws Exception {
        createLab();
    }

    private void startPair(String global) throws Exception {
        startPair(global, 1, 0, 100);
    }

    private void startPair(String global, int advbase, int skew1, int skew2) throws Exception {
        n1.writeConfig(global + CarpdNode.carp0(advbase, skew1, n1.writeKey("lab-secret")));
        n2.writeConfig(global + CarpdNode.carp0(advbase, skew2, n2.writeKey("lab-secret")));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.start();
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        lab.client().exec("ping", "-c1", "-W1", CarpdNode.VIP4).requireSuccess();
    }

    /** Runs {@code handover} while a 1 ms ping and a holder sampler watch; asserts no probe is lost. */
    private void assertHitless(String what, String reason, ThrowingRunnable handover) throws Exception {
        assertHitless(what, reason, CarpdNode.VIP4, handover);
    }

    private void assertHitless(String what, String reason, String vip, ThrowingRunnable handover) throws Exception {
        try (HolderSampler sampler = HolderSampler.start(lab, lab.hosts(), List.of(CarpdNode.VIP4, CarpdNode.VIP6))) {
            PingProbe probe = PingProbe.start(lab.client(), vip, PROBE, Duration.ofSeconds(4));
            Thread.sleep(1500);
            Instant at = Instant.now();
            handover.run();
            var t = n2.awaitTransition("MASTER", at, Duration.ofSeconds(5));
            assertEquals(reason, t.reason());
            PingProbe.Result ping = probe.result();
            HolderTimeline holders = sampler.stop();
            String why = "\nholders:\n" + holders.render(vip) + "\nh1 log:\n" + n1.log();
            assertTrue(ping.replies().size() > 1000, "too few replies:\n" + ping.output());
            System.out.println("[carpd lab] planned handover (" + what + "): " + ping.lost() + " probes lost, longest gap "
                    + ping.outage().plus(PROBE).toNanos() / 1000 + " us, "
                    + Duration.between(at, ping.outageStart()).toMillis() + " ms after the handover began ("
                    + ping.replies().size() + " replies at 1 ms; target: no loss, gap <= " + MAX_OUTAGE.plus(PROBE).toMillis()
                    + " ms)");
            // The gap between replies is printed, not asserted: on the shared 2-core test machine ping
            // itself is often descheduled for tens of ms (its probes then go late, none is lost).
            assertEquals(0, ping.lost(), what + ": probes lost; longest gap after " + ping.outageStart() + why);
            assertEquals("h2", holders.samples().get(holders.samples().size() - 1).neighbourOf(vip), why);
        }
        assertTrue(n2.hasVip4() && n2.hasVip6());
    }

    @Test
    void sigtermLosesNoProbe() throws Exception {
        startPair("");
        assertHitless("SIGTERM", "master bowed out", () -> n1.signal("TERM"));
        assertTrue(n1.process().waitFor(5, TimeUnit.SECONDS), "carpd exits on SIGTERM");
        assertFalse(n1.hasVip4() || n1.hasVip6(), "the old master removed the VIPs before it exited");
    }

    @Test
    void sigtermLosesNoProbeOverIpv6() throws Exception {
        startPair("");
        lab.client().exec("ping", "-c1", "-W1", CarpdNode.VIP6).requireSuccess();
        assertHitless("SIGTERM, IPv6", "master bowed out", CarpdNode.VIP6, () -> n1.signal("TERM"));
        assertTrue(n1.process().waitFor(5, TimeUnit.SECONDS), "carpd exits on SIGTERM");
        assertFalse(n1.hasVip4() || n1.hasVip6(), "the old master removed the VIPs before it exited");
    }

    /**
     * advbase 0, advskew 1 and 2: the new master advertises every 7.8 ms, so its second
     * advertisement may come before the kernel has made its IPv6 address usable and it has sent
     * its NA; the old master keeps the addresses 50 ms after the first all the same.
     */
    @Test
    void sigtermAtAdvbaseZeroLosesNoProbeOverIpv6() throws Exception {
        startPair("", 0, 1, 2);
        lab.client().exec("ping", "-c1", "-W1", CarpdNode.VIP6).requireSuccess();
        assertHitless("SIGTERM, advbase 0, IPv6", "master bowed out", CarpdNode.VIP6, () -> n1.signal("TERM"));
        assertTrue(n1.process().waitFor(5, TimeUnit.SECONDS), "carpd exits on SIGTERM");
        assertFalse(n1.hasVip4() || n1.hasVip6(), "the old master removed the VIPs before it exited");
    }

    @Test
    void forcedBackupLosesNoProbe() throws Exception {
        startPair("");
        assertHitless("state backup", "master bowed out", () -> n1.ctl("carp0", "state", "backup").requireSuccess());
        assertEquals("BACKUP", n1.state());
        assertFalse(n1.hasVip4() || n1.hasVip6(), "the old master removed the VIPs once the new one had them");
    }

    @Test
    void advskewChangeLosesNoProbe() throws Exception {
        startPair("set preempt on\n");
        assertHitless("advskew 200", "preempting a slower master", () -> n1.ctl("carp0", "advskew", "200").requireSuccess());
        n1.awaitState("BACKUP", Duration.ofSeconds(2));
        assertFalse(n1.hasVip4() || n1.hasVip6(), "the old master removed the VIPs once the new one had them");
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
