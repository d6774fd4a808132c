package org.carpd.testing.sim;

import static org.carpd.core.engine.CarpState.BACKUP;
import static org.carpd.core.engine.CarpState.INIT;
import static org.carpd.core.engine.CarpState.MASTER;
import static org.carpd.testing.sim.TestConfigs.carp;
import static org.carpd.testing.sim.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.Interval;
import org.carpd.core.engine.TransitionReason;
import org.junit.jupiter.api.Test;

/**
 * One scenario per protocol rule, each asserting the exact transition and when it happens.
 * Frames take {@link #DELAY} on the simulated LAN.
 */
class ProtocolScenariosTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long DELAY = LinkConditions.PERFECT.minDelay();
    static final String VIP = "198.51.100.10/24";
    /** A backup's wait after a bow-out: 1/4096 s per step of advskew (only the best backup acts). */
    static final long BOW_OUT_WAIT_100 = 100 * (Interval.SKEW_STEP / 16);

    final SimulatedLan lan = new SimulatedLan(42);

    static CarpInterfaceConfig carp0(int advbase, int advskew) {
        return carp("carp0", "eth0", 1, advbase, advskew, "secret", VIP, "2001:db8:1::10/64");
    }

    /** A master with advskew 0 and a backup with advskew 100, started together at t=0. */
    SimNode[] pair(CarpdConfig a, CarpdConfig b) {
        SimNode na = lan.addNode("a", a);
        SimNode nb = lan.addNode("b", b);
        na.start();
        nb.start();
        return new SimNode[] {na, nb};
    }

    Transition last(String node) {
        List<Transition> ts = lan.transitions().stream().filter(t -> t.node().equals(node)).toList();
        return ts.get(ts.size() - 1);
    }

    void assertTransition(Transition t, String node, CarpState from, CarpState to, TransitionReason reason, long at) {
        assertEquals(node, t.node(), t.toString());
        assertEquals(from, t.from(), t.toString());
        assertEquals(to, t.to(), t.toString());
        assertEquals(reason, t.reason(), t.toString());
        assertEquals(at, t.at(), () -> t + " expected at " + at / 1e9 + "s; all: " + lan.transitions());
    }

    @Test
    void startupElectsTheMoreFrequentAdvertiserAfterThreeIntervals() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(10 * S);
        assertTransition(last("a"), "a", BACKUP, MASTER, TransitionReason.MASTER_DOWN, 3 * S);
        assertTransition(last("b"), "b", INIT, BACKUP, TransitionReason.STARTUP, 0);
        assertEquals(MASTER, n[0].state("carp0"));
        assertEquals(BACKUP, n[1].state("carp0"));
        assertEquals(2, n[0].addresses().size(), "the master holds both virtual addresses");
        assertTrue(n[1].addresses().isEmpty(), "the backup holds none");
    }

    @Test
    void backupTakesOverThreeOfItsIntervalsAfterTheLastAdvertisement() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(10 * S + 500 * MS);   // a advertised at 3, 4, ..., 10 s
        n[0].crash();
        lan.runFor(10 * S);
        long expected = 10 * S + DELAY + 3 * (S + 100 * S / 256);
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.MASTER_DOWN, expected);
        assertEquals(2, n[1].addresses().size());
    }

    @Test
    void gracefulStopBowsOutAndTheBackupTakesOverWithinOnePacketDelay() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(10 * S + 500 * MS);
        n[0].stop();
        lan.runFor(S);
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.BOW_OUT, 10 * S + 500 * MS + DELAY + BOW_OUT_WAIT_100);
        assertTransition(last("a"), "a", MASTER, INIT, TransitionReason.SHUTDOWN, 10 * S + 500 * MS);
        assertTrue(n[0].addresses().isEmpty(), "the stopping master released its addresses");
    }

    @Test
    void onlyTheMostPreferredBackupTakesOverOnABowOut() {
        SimNode a = lan.addNode("a", config(carp0(1, 0)));
        SimNode b = lan.addNode("b", config(carp0(1, 100)));
        SimNode c = lan.addNode("c", config(carp0(1, 200)));
        a.start();
        b.start();
        c.start();
        lan.runFor(10 * S + 500 * MS);
        assertEquals(MASTER, a.state("carp0"));
        int before = lan.transitions().size();
        a.stop();
        lan.runFor(10 * S);
        List<Transition> after = lan.transitions().subList(before, lan.transitions().size());
        assertEquals(List.of("a", "b"), after.stream().map(Transition::node).toList(),
                "a leaves, b takes over, c never becomes MASTER: " + after);
        assertTransition(after.get(1), "b", BACKUP, MASTER, TransitionReason.BOW_OUT,
                10 * S + 500 * MS + DELAY + BOW_OUT_WAIT_100);
    }

    @Test
    void bowOutWorksWithSubSecondIntervals() {
        SimNode[] n = pair(config(carp0(0, 10)), config(carp0(0, 20)));
        lan.runFor(2 * S);
        assertEquals(MASTER, n[0].state("carp0"));
        n[0].stop();
        long stoppedAt = lan.clock().now();
        lan.runFor(S);
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.BOW_OUT, stoppedAt + DELAY + 20 * (Interval.SKEW_STEP / 16));
    }

    @Test
    void returningMasterStaysBackupWithoutPreemption() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(5 * S);
        n[0].crash();
        lan.runFor(10 * S);
        assertEquals(MASTER, n[1].state("carp0"));
        n[0].start();
        lan.runFor(30 * S);
        assertEquals(BACKUP, n[0].state("carp0"));
        assertEquals(MASTER, n[1].state("carp0"));
    }

    @Test
    void returningMasterPreemptsASlowerMasterWhenPreemptionIsOn() {
        SimNode[] n = pair(config(true, ReplayPolicy.AUTO, carp0(1, 0)), config(true, ReplayPolicy.AUTO, carp0(1, 100)));
        lan.runFor(5 * S);
        n[0].crash();
        lan.runFor(10 * S);
        long restart = lan.clock().now();
        n[0].start();
        lan.runFor(5 * S);
        Transition takeover = last("a");
        assertEquals(MASTER, takeover.to());
        assertEquals(TransitionReason.PREEMPT, takeover.reason());
        assertTrue(takeover.at() <= restart + S + 100 * S / 256 + DELAY, "at the first advertisement heard");
        assertTransition(last("b"), "b", MASTER, BACKUP, TransitionReason.PREFERRED_MASTER, takeover.at() + DELAY);
    }

    @Test
    void backupTakesOverFromAMoreDemotedMasterEvenWithoutPreemption() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(5 * S + 500 * MS);
        n[0].command(e -> e.setGroupDemotion(n[0].localNow(), "carp", 1));
        long demotedAt = lan.clock().now();
        lan.runFor(S);
        // The demoted master advertises at once; the backup takes over on that advertisement.
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.MASTER_DEMOTED, demotedAt + DELAY);
        assertTransition(last("a"), "a", MASTER, BACKUP, TransitionReason.PREFERRED_MASTER, demotedAt + 2 * DELAY);
    }

    @Test
    void lessDemotedWinsOverAFasterInterval() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        n[0].command(e -> e.setGroupDemotion(0, "carp", 5));
        lan.runFor(20 * S);
        assertEquals(BACKUP, n[0].state("carp0"), "more demoted, though faster");
        assertEquals(MASTER, n[1].state("carp0"));
    }

    @Test
    void masterThatIsGuaranteedToTimeOutIsTreatedAsDownAtOnce() {
        SimNode a = lan.addNode("a", config(carp0(5, 0)));
        a.start();
        lan.runFor(20 * S + MS); // a is MASTER since 15 s and advertised at 20 s
        // b's master-down (3 x (1 + 254/256) = 5.98 s) is longer than a's interval, but a's 5 s
        // exceed 3 x b's advbase plus b's own advskew/256 (3.99 s): a would time out anyway.
        SimNode b = lan.addNode("b", config(carp0(1, 254)));
        b.start();
        lan.runFor(10 * S);
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.MASTER_TOO_SLOW, 25 * S + DELAY);
        assertEquals(BACKUP, a.state("carp0"), "b advertises more often: a yields");
    }

    @Test
    void subSecondIntervalFailsOverWithinThreeIntervals() {
        SimNode[] n = pair(config(carp0(0, 10)), config(carp0(0, 20)));
        lan.runFor(2 * S);
        assertEquals(MASTER, n[0].state("carp0"));
        n[0].crash();
        long crashedAt = lan.clock().now();
        lan.runFor(S);
        Transition t = last("b");
        assertEquals(TransitionReason.MASTER_DOWN, t.reason());
        assertTrue(t.at() - crashedAt <= 3 * 20 * S / 256 + DELAY, "took " + (t.at() - crashedAt) / 1e6 + " ms");
    }

    @Test
    void identicalConfigurationsConvergeOnTheLowerAddressAsUcarpDoes() {
        // b starts half a second later: two hosts never send in the same microsecond for good
        SimNode[] n = {lan.addNode("a", config(carp0(1, 0))), lan.addNode("b", config(carp0(1, 0)))};
        n[0].start();
        lan.runFor(500 * MS);
        n[1].start();
        lan.runFor(10 * S);
        lan.setPartition(n[1], 1); // both become MASTER
        lan.runFor(10 * S);
        assertEquals(2, lan.masters("carp0").size());
        int before = lan.transitions().size();
        long healedAt = lan.clock().now();
        lan.heal();
        lan.runFor(60 * S);
        assertEquals(MASTER, n[0].state("carp0"), "198.18.0.1 is lower than 198.18.0.2 (bytes reversed)");
        assertEquals(BACKUP, n[1].state("carp0"), () -> lan.transitions() + " " + n[1].actions().stream()
                .filter(a -> a instanceof Action.PacketDropped).limit(5).toList());
        List<Transition> after = lan.transitions().subList(before, lan.transitions().size());
        assertEquals(1, after.size(), "b yields once, for good: " + after);
        assertTrue(after.get(0).at() - healedAt <= S + DELAY, "within one interval of the heal: " + after);
    }

    @Test
    void carrierLossOnTheMasterHandsOverAndDemotes() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(10 * S + 500 * MS);
        n[0].setLink(false);
        assertTransition(last("a"), "a", MASTER, INIT, TransitionReason.CARPDEV_DOWN, 10 * S + 500 * MS);
        assertEquals(1, n[0].engine().demotion().get("carp"));
        lan.runFor(10 * S);
        // The bow-out could not be sent: the backup waits out three intervals.
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.MASTER_DOWN,
                10 * S + DELAY + 3 * (S + 100 * S / 256));
        n[0].setLink(true);
        lan.runFor(10 * S);
        assertEquals(0, n[0].engine().demotion().get("carp"));
        assertEquals(BACKUP, n[0].state("carp0"));
        assertEquals(MASTER, n[1].state("carp0"));
    }

    @Test
    void losingOneLinkHandsOverEveryVhidTogether() {
        CarpdConfig cfgA = config(carp0(1, 0), carp("carp1", "eth1", 2, 1, 0, "other", "198.51.100.20/24"));
        CarpdConfig cfgB = config(carp0(1, 100), carp("carp1", "eth1", 2, 1, 100, "other", "198.51.100.20/24"));
        SimNode[] n = pair(cfgA, cfgB);
        lan.runFor(10 * S + 500 * MS);
        assertEquals(List.of(n[0]), lan.masters("carp1"));
        n[0].setLink("eth0", false);
        long lostAt = lan.clock().now();
        lan.runFor(S);
        // carp1's link is fine, but the group demotion makes a announce demote 1 on eth1 at once.
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.MASTER_DEMOTED, lostAt + DELAY);
        assertEquals("carp1", last("b").carpInterface());
        assertEquals(BACKUP, n[0].state("carp1"));
    }

    @Test
    void repeatedSendFailuresDemoteAndRecover() {
        SimNode[] n = pair(config(carp("carp0", "eth0", 1, 1, 0, "secret", VIP)),
                config(carp("carp0", "eth0", 1, 1, 100, "secret", VIP)));
        lan.runFor(5 * S + 500 * MS);
        n[0].setSendFails(true);
        lan.runFor(3 * S);
        assertEquals(1, n[0].engine().demotion().get("carp"), "three failures in a row demote");
        n[0].setSendFails(false);
        lan.runFor(S);
        // The first advertisement that gets out carries demote 1: the backup takes over.
        assertEquals(MASTER, n[1].state("carp0"));
        assertEquals(BACKUP, n[0].state("carp0"));
        // A backup sends nothing, so its demotion stays until it is master again; OpenBSD alike.
        assertTrue(n[0].engine().counters("carp0").get(Counter.SEND_FAILURES) >= 3);
    }

    @Test
    void wrongPassphraseIsCountedAndCausesNoTakeoverFight() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp("carp0", "eth0", 1, 1, 100, "wrong", VIP,
                "2001:db8:1::10/64")));
        lan.runFor(60 * S);
        assertEquals(MASTER, n[0].state("carp0"));
        assertEquals(MASTER, n[1].state("carp0"), "neither hears the other: both master, as OpenBSD");
        assertEquals(4, lan.transitions().size(), "but no flapping: " + lan.transitions());
        assertTrue(n[0].engine().counters("carp0").get(Counter.BAD_AUTH) > 50);
        assertTrue(n[1].engine().counters("carp0").get(Counter.BAD_AUTH) > 50);
    }

    @Test
    void differentAddressSetIsAnAuthenticationMismatch() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp("carp0", "eth0", 1, 1, 100, "secret", VIP)));
        lan.runFor(10 * S);
        assertTrue(n[1].engine().counters("carp0").get(Counter.BAD_AUTH) > 0);
        assertTrue(n[1].actions().stream().anyMatch(a -> a instanceof Action.PacketDropped d
                && d.reason().description().contains("check pass and address list")));
    }

    @Test
    void replayedAdvertisementIsDroppedAndCounted() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(10 * S + 500 * MS);
        byte[] old = n[0].actions().stream().filter(a -> a instanceof Action.Transmit)
                .map(a -> ((Action.Transmit) a).frame()).findFirst().orElseThrow();
        n[0].crash();
        // An attacker replays a's first advertisement to keep b from taking over.
        for (int i = 0; i < 5; i++) {
            lan.inject("eth0", old);
            lan.runFor(S);
        }
        assertEquals(MASTER, n[1].state("carp0"), "the replays did not hold b back");
        assertTrue(n[1].engine().counters("carp0").get(Counter.REPLAY) >= 5);
    }

    @Test
    void forcedStateAndAdvskewChangeTakeEffectAtOnce() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(5 * S + 500 * MS);
        n[1].command(e -> e.forceState(n[1].localNow(), "carp0", MASTER));
        long forcedAt = lan.clock().now();
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.FORCED, forcedAt);
        lan.runFor(S);
        // a is faster: b's forced advertisement does not move it, and b yields to a's next one.
        assertEquals(MASTER, n[0].state("carp0"));
        assertEquals(BACKUP, n[1].state("carp0"));
        // Now make a slower than b: with preemption off, b stays backup...
        n[0].apply(config(carp0(1, 200)));
        lan.runFor(5 * S);
        assertEquals(MASTER, n[0].state("carp0"));
        // ...and a forced backup bows out: the backup takes over at once.
        n[0].command(e -> e.forceState(n[0].localNow(), "carp0", BACKUP));
        long handedOverAt = lan.clock().now();
        lan.runFor(S);
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.BOW_OUT, handedOverAt + DELAY + BOW_OUT_WAIT_100);
        lan.runFor(10 * S);
        assertEquals(MASTER, n[1].state("carp0"));
        assertEquals(BACKUP, n[0].state("carp0"));
    }

    @Test
    void ownAdvertisementLoopingBackIsRecognised() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(5 * S + 500 * MS);
        byte[] mine = n[0].actions().stream().filter(a -> a instanceof Action.Transmit)
                .map(a -> ((Action.Transmit) a).frame()).reduce((x, y) -> y).orElseThrow();
        lan.inject("eth0", mine);
        lan.runFor(10 * MS);
        assertEquals(1, n[0].engine().counters("carp0").get(Counter.OWN_PACKET));
        assertEquals(MASTER, n[0].state("carp0"));
    }

    @Test
    void administrativeDownBowsOutAndUpRejoinsAsBackup() {
        SimNode[] n = pair(config(carp0(1, 0)), config(carp0(1, 100)));
        lan.runFor(5 * S + 500 * MS);
        n[0].apply(config(carp0(1, 0).withUp(false)));
        long downAt = lan.clock().now();
        assertTransition(last("a"), "a", MASTER, INIT, TransitionReason.ADMIN_DOWN, downAt);
        lan.runFor(S);
        assertTransition(last("b"), "b", BACKUP, MASTER, TransitionReason.BOW_OUT, downAt + DELAY + BOW_OUT_WAIT_100);
        n[0].apply(config(carp0(1, 0)));
        assertTransition(last("a"), "a", INIT, BACKUP, TransitionReason.ADMIN_UP, downAt + S);
        lan.runFor(10 * S);
        assertEquals(BACKUP, n[0].state("carp0"));
    }

    /**
     * After a partition heals, a backup that follows a faster master does not preempt the other
     * half's slower master (its own master beats that one with its next advertisement; preempting
     * would only add a third master), yet still takes over when its own master has gone.
     */
    @Test
    void aBackupLeavesASlowerMasterToTheFasterMasterItFollows() {
        SimNode a = lan.addNode("a", config(true, ReplayPolicy.AUTO, carp0(1, 0)));
        SimNode b = lan.addNode("b", config(true, ReplayPolicy.AUTO, carp0(1, 100)));
        SimNode c = lan.addNode("c", config(true, ReplayPolicy.AUTO, carp0(1, 200)));
        a.start();
        b.start();
        c.start();
        lan.runFor(10 * S);
        int seen = lan.transitions().size();
        for (int i = 0; i < 8; i++) { // heals at several phases of a's and c's advertisements
            lan.setPartition(c, 1);
            lan.runFor(8 * S + i * 137 * MS);
            assertEquals(MASTER, c.state("carp0"), "alone, c is MASTER");
            lan.heal();
            lan.runFor(3 * S);
            assertEquals(BACKUP, c.state("carp0"));
        }
        assertTrue(lan.transitionsFrom(seen).stream().noneMatch(t -> t.node().equals("b")),
                "b stayed BACKUP: " + lan.transitionsFrom(seen));
        lan.setPartition(c, 1);
        lan.runFor(8 * S);
        a.crash();
        long crashedAt = lan.clock().now();
        lan.heal(); // b hears only c now, a slower master
        lan.runFor(6 * S);
        Transition t = last("b");
        assertEquals(MASTER, t.to(), lan.transitions().toString());
        assertTrue(t.at() <= crashedAt + Interval.masterDown(1, 100) + DELAY, t.toString());
        assertEquals(BACKUP, c.state("carp0"));
    }
}
