package org.carpd.testing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongConsumer;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.Interval;
import org.junit.jupiter.api.Test;

/**
 * Random LANs under random faults, one seed each: after the faults stop, the invariants of the
 * protocol must hold. Two families of worlds: carpd nodes only, and mixed clusters of carpd
 * beside models of ucarp, FreeBSD and OpenBSD ({@link PeerNode}). {@code -Dcarpd.sim.seeds=N}
 * runs more seeds (default 1000 of each); {@code -Dcarpd.sim.seed=S} replays one;
 * {@code -Dcarpd.sim.peersOnly=true} draws the mixed clusters without carpd, which checks the
 * peer models against each other.
 */
class RandomizedFaultsTest {
    static final long DELAY = LinkConditions.PERFECT.minDelay();
    /** One tick of slack for "within": the LAN's packet delay plus a millisecond. */
    static final long TICK = DELAY + 1_000_000L;
    /** Elections a mixed group may need to settle: BSD peers that tie step down together, then retry. */
    static final int ELECTIONS = 5;

    @Test
    void invariantsHoldAfterFaultsStop() {
        forEachSeed(seed -> runSeed(new RandomWorld(seed, false)));
    }

    @Test
    void invariantsHoldInMixedClustersWithPeerModels() {
        forEachSeed(seed -> runSeed(new RandomWorld(seed, true)));
    }

    private static void forEachSeed(LongConsumer run) {
        String one = System.getProperty("carpd.sim.seed");
        if (one != null) {
            run.accept(Long.parseLong(one));
            return;
        }
        int seeds = Integer.getInteger("carpd.sim.seeds", 1000);
        for (long seed = 1; seed <= seeds; seed++) {
            run.accept(seed);
        }
    }

    private void runSeed(RandomWorld w) {
        SimulatedLan lan = w.lan;
        long interval = w.maxInterval;

        // 1. Faults: loss, delay spread (reordering), duplication, partitions, crashes and
        //    restarts, carrier flaps, clock jumps, send failures, operator actions.
        long faultsEnd = 20 * interval;
        while (lan.clock().now() < faultsEnd) {
            w.injectFault();
            lan.runFor(1 + w.rnd.nextLong(interval));
        }

        // 2. Faults stop: a clean LAN, every link up, the original configurations, no operator
        //    demotion, every host running.
        w.stopFaults();
        if (w.mixed) {
            // A peer may keep a demotion from send errors (it lifts only after sends as MASTER).
            interval = w.currentMaxInterval();
            w.maxInterval = interval;
            long election = w.maxMasterDown() + interval + TICK;
            w.awaitOneMaster(lan.clock().now() + ELECTIONS * election, "after faults stopped");
            w.assertMastersThroughout(5 * interval, 1, "after faults stopped");
        } else {
            lan.runFor(3 * interval + interval + TICK);
            w.assertMastersThroughout(10 * interval, 1, "after faults stopped");
        }
        w.assertAddressesFollowMasters("after faults stopped");
        for (SimNode n : lan.nodes()) {
            // Every carpdev is up again: no demotion may be left over from the faults.
            assertEquals(0, n.engine().demotion().get("carp"), () -> n.name() + " demotion "
                    + n.actions().stream().filter(a -> a instanceof Action.DemotionChanged).toList() + "; " + w.describe());
        }
        long election = w.maxMasterDown() + interval + TICK;

        // 3. The master of the first vhid dies: a live backup takes over within its master-down
        //    interval (the fastest backup is the one that times out first) plus a tick.
        String vhid = w.vhids.get(0);
        List<SimHost> masters = lan.masters(vhid);
        assertEquals(1, masters.size(), () -> "masters of " + vhid + " before the master dies: " + masters + "; " + w.describe());
        SimHost master = masters.get(0);
        lan.runFor(w.rnd.nextLong(interval));
        long crashedAt = lan.clock().now();
        long fastestBackup = w.alive().stream().filter(n -> n != master)
                .mapToLong(n -> n.masterDownInterval(vhid) + n.timerSlack()).min().orElseThrow();
        master.crash();
        lan.runFor(fastestBackup + TICK);
        long takeover = w.firstMasterSince(vhid, crashedAt);
        assertTrue(takeover >= 0 && takeover <= crashedAt + fastestBackup + TICK,
                "takeover after master death took too long; " + w.describe());
        if (w.mixed) {
            w.awaitOneMaster(crashedAt + ELECTIONS * election, "after master death");
        } else {
            // The dead host may have been master of other vhids too: give them their own bound.
            lan.clock().runUntil(crashedAt + 4 * interval + TICK);
        }
        w.assertMastersThroughout(5 * interval, 1, "after master death");

        // 4. Graceful stop of the new master: a bow-out hands over within one packet delay;
        //    an implementation that does not bow out is found dead after a master-down interval.
        master.start();
        if (w.mixed) {
            w.awaitOneMaster(lan.clock().now() + ELECTIONS * election, "after the dead master came back");
        } else {
            lan.runFor(5 * interval);
        }
        SimHost leaving = lan.masters(vhid).get(0);
        long stoppedAt = lan.clock().now();
        leaving.stop();
        if (!w.mixed) {
            // ... plus the best backup's wait (1/4096 s per advskew step, so that only the best one acts)
            long bestWait = w.alive().stream().filter(n -> n != leaving && n instanceof SimNode)
                    .mapToLong(n -> bowOutWaitOf((SimNode) n, vhid)).min().orElseThrow();
            lan.runFor(DELAY + bestWait);
            assertEquals(stoppedAt + DELAY + bestWait, w.firstMasterSince(vhid, stoppedAt),
                    "bow-out handover; " + w.describe());
            // Several backups may take over together; the preferred one's first advertisement
            // settles it, or (with preemption and a stale advertisement in flight) its next one.
            lan.runFor(interval + 2 * DELAY + TICK);
        } else {
            long handover = leaving.bowsOut() ? DELAY + interval + TICK
                    : w.alive().stream().mapToLong(n -> n.masterDownInterval(vhid) + n.timerSlack()).min().orElseThrow()
                    + TICK;
            lan.runFor(handover);
            long first = w.firstMasterSince(vhid, stoppedAt);
            assertTrue(first >= 0 && first <= stoppedAt + handover, "handover after "
                    + (leaving.bowsOut() ? "bow-out" : "stop without bow-out") + " took too long; " + w.describe());
            w.awaitOneMaster(stoppedAt + ELECTIONS * election, "after stop");
        }
        w.assertMastersThroughout(5 * interval, 1, "after bow-out");
        leaving.start();

        // 5. Partition into two halves long enough for each to elect a master, then heal: the
        //    split brain must not outlast the heal by more than one interval and a packet delay.
        List<SimHost> hosts = lan.hosts();
        for (int i = 0; i < hosts.size(); i++) {
            lan.setPartition(hosts.get(i), i % 2);
        }
        lan.runFor(6 * interval);
        lan.heal();
        // Two masters never for longer than one interval and a packet delay: a backup of one half
        // may preempt the other half's slower master just before it hears its own, faster one.
        w.awaitOneMaster(lan.clock().now() + (w.mixed ? ELECTIONS : 1) * election, "after healing a partition");
        w.assertMastersThroughout(5 * interval, 1, "after healing a partition");
        w.assertAddressesFollowMasters("at the end");
    }

    private static long bowOutWaitOf(SimNode n, String vhid) {
        CarpInterfaceConfig c = n.engine().config().find(vhid).orElseThrow();
        return Math.min(c.advskew() * (Interval.SKEW_STEP / 16), Interval.masterDown(c.advbase(), c.advskew()));
    }
}
