package org.carpd.testing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.GlobalConfig;
import org.carpd.core.config.Hooks;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Interval;
import org.junit.jupiter.api.Test;

/**
 * Random LANs under random faults, one seed each: after the faults stop, the invariants of the
 * protocol must hold. {@code -Dcarpd.sim.seeds=N} runs more seeds (default 1000);
 * {@code -Dcarpd.sim.seed=S} replays one.
 */
class RandomizedFaultsTest {
    static final long DELAY = LinkConditions.PERFECT.minDelay();
    /** One tick of slack for "within": the LAN's packet delay plus a millisecond. */
    static final long TICK = DELAY + 1_000_000L;

    @Test
    void invariantsHoldAfterFaultsStop() {
        String one = System.getProperty("carpd.sim.seed");
        if (one != null) {
            runSeed(Long.parseLong(one));
            return;
        }
        int seeds = Integer.getInteger("carpd.sim.seeds", 1000);
        for (long seed = 1; seed <= seeds; seed++) {
            runSeed(seed);
        }
    }

    /** One random world: nodes, vhids, timing and policies all drawn from the seed. */
    private static final class World {
        final SimulatedLan lan;
        final SplittableRandom rnd;
        final List<String> vhids = new ArrayList<>();
        final List<CarpdConfig> configs = new ArrayList<>();
        /** What the operator added to group carp, per engine (a restarted host has a new one). */
        final Map<CarpEngine, Integer> operatorDemotion = new IdentityHashMap<>();
        long maxInterval;

        World(long seed) {
            lan = new SimulatedLan(seed);
            rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            int nodes = 2 + rnd.nextInt(3);
            int vhidCount = 1 + rnd.nextInt(2);
            boolean fast = rnd.nextInt(4) == 0;
            boolean preempt = rnd.nextBoolean();
            ReplayPolicy replay = ReplayPolicy.values()[rnd.nextInt(3)];
            int families = rnd.nextInt(3); // 0 v4, 1 v6, 2 both
            for (int v = 1; v <= vhidCount; v++) {
                vhids.add("carp" + v);
            }
            for (int i = 0; i < nodes; i++) {
                List<CarpInterfaceConfig> ifs = new ArrayList<>();
                for (int v = 1; v <= vhidCount; v++) {
                    int advbase = fast ? 0 : 1 + rnd.nextInt(2);
                    int advskew = fast ? 8 + rnd.nextInt(57) : rnd.nextInt(255);
                    maxInterval = Math.max(maxInterval, Interval.of(advbase, advskew));
                    List<String> addrs = new ArrayList<>();
                    if (families != 1) {
                        addrs.add("198.51.100." + v + "/24");
                    }
                    if (families != 0) {
                        addrs.add("2001:db8::" + v + "/64");
                    }
                    ifs.add(TestConfigs.carp("carp" + v, "eth0", v, advbase, advskew, "pw" + v,
                            addrs.toArray(String[]::new)));
                }
                CarpdConfig cfg = new CarpdConfig(new GlobalConfig(preempt, replay, 2, Hooks.NONE, Optional.empty()), ifs);
                configs.add(cfg);
                lan.addNode("n" + i, cfg).start();
            }
        }

        List<SimNode> alive() {
            return lan.nodes().stream().filter(SimNode::alive).toList();
        }

        String describe() {
            return "seed " + lan.seed() + " (replay with -Dcarpd.sim.seed=" + lan.seed() + "): "
                    + configs.get(0).global() + " " + configs + "\ntransitions:\n"
                    + String.join("\n", lan.transitions().stream().map(Transition::toString).toList())
                    + "\nlast drops:\n" + String.join("\n", lan.nodes().stream().map(n -> n.name() + " "
                    + n.actions().stream().filter(x -> x instanceof Action.PacketDropped)
                            .skip(Math.max(0, n.actions().stream().filter(x -> x instanceof Action.PacketDropped).count() - 3))
                            .toList()).toList());
        }

        /** Masters of each vhid must be exactly {@code expected} at every step over {@code span}. */
        void assertMastersThroughout(long span, int expected, String phase) {
            long step = Math.max(maxInterval / 5, 1);
            for (long t = 0; t <= span; t += step) {
                for (String v : vhids) {
                    int masters = lan.masters(v).size();
                    if (masters != expected) {
                        fail(phase + ": " + masters + " masters of " + v + " at "
                                + lan.clock().now() / 1e9 + "s; " + describe());
                    }
                }
                lan.runFor(step);
            }
        }

        void assertAddressesFollowMasters(String phase) {
            for (SimNode n : alive()) {
                Set<VirtualAddress> expected = new HashSet<>();
                for (CarpInterfaceConfig c : n.engine().config().interfaces()) {
                    if (n.state(c.name()) == CarpState.MASTER) {
                        expected.addAll(c.addresses());
                    }
                }
                assertEquals(expected, n.addresses(), phase + ": " + n.name() + " addresses; " + describe());
            }
        }

        /** First MASTER transition of {@code vhid} at or after {@code since}, or -1. */
        long firstMasterSince(String vhid, long since) {
            return lan.transitions().stream()
                    .filter(t -> t.carpInterface().equals(vhid) && t.to() == CarpState.MASTER && t.at() >= since)
                    .mapToLong(Transition::at).min().orElse(-1);
        }
    }

    private void runSeed(long seed) {
        World w = new World(seed);
        SimulatedLan lan = w.lan;
        long interval = w.maxInterval;

        // 1. Faults: loss, delay spread (reordering), duplication, partitions, crashes and
        //    restarts, carrier flaps, clock jumps.
        long faultsEnd = 20 * interval;
        while (lan.clock().now() < faultsEnd) {
            injectFault(w);
            lan.runFor(1 + w.rnd.nextLong(interval));
        }

        // 2. Faults stop: a clean LAN, every link up, the original configurations, no operator
        //    demotion, every host running.
        lan.setConditions(LinkConditions.PERFECT);
        lan.heal();
        for (int i = 0; i < lan.nodes().size(); i++) {
            SimNode n = lan.nodes().get(i);
            if (n.sendFails() || n.everFailedToSend()) {
                // A repaired NIC: its link goes down and up, which lifts a send-failure demotion
                // (nothing else does while BACKUP, so that a broken NIC never cycles MASTER/BACKUP).
                n.setSendFails(false);
                n.setLink(false);
            }
            n.setLink(true);
            n.apply(w.configs.get(i));
            int operatorDemotion = w.operatorDemotion.getOrDefault(n.engine(), 0);
            if (!n.alive()) {
                n.start();
            } else if (operatorDemotion > 0) {
                n.command(e -> e.adjustGroupDemotion(n.localNow(), "carp", -operatorDemotion));
            }
        }
        lan.runFor(3 * interval + interval + TICK);
        w.assertMastersThroughout(10 * interval, 1, "after faults stopped");
        w.assertAddressesFollowMasters("after faults stopped");
        for (SimNode n : lan.nodes()) {
            // Every carpdev is up again: no demotion may be left over from the faults.
            assertEquals(0, n.engine().demotion().get("carp"), () -> n.name() + " demotion "
                    + n.actions().stream().filter(a -> a instanceof Action.DemotionChanged).toList() + "; " + w.describe());
        }

        // 3. The master of the first vhid dies: a live backup takes over within 3 x its
        //    interval (the fastest backup is the one that times out first) plus a tick.
        String vhid = w.vhids.get(0);
        SimNode master = lan.masters(vhid).get(0);
        lan.runFor(w.rnd.nextLong(interval));
        long crashedAt = lan.clock().now();
        long fastestBackup = w.alive().stream().filter(n -> n != master)
                .mapToLong(n -> intervalOf(n, vhid)).min().orElseThrow();
        master.crash();
        lan.runFor(3 * fastestBackup + TICK);
        long takeover = w.firstMasterSince(vhid, crashedAt);
        assertTrue(takeover >= 0 && takeover <= crashedAt + 3 * fastestBackup + TICK,
                "takeover after master death took too long; " + w.describe());
        // The dead host may have been master of other vhids too: give them their own bound.
        lan.clock().runUntil(crashedAt + 4 * interval + TICK);
        w.assertMastersThroughout(5 * interval, 1, "after master death");

        // 4. Graceful stop of the new master: a bow-out hands over within one packet delay plus
        //    the best backup's wait (1/4096 s per advskew step, so that only the best one acts).
        master.start();
        lan.runFor(5 * interval);
        SimNode leaving = lan.masters(vhid).get(0);
        long bestWait = w.alive().stream().filter(n -> n != leaving)
                .mapToLong(n -> bowOutWaitOf(n, vhid)).min().orElseThrow();
        long stoppedAt = lan.clock().now();
        leaving.stop();
        lan.runFor(DELAY + bestWait);
        assertEquals(stoppedAt + DELAY + bestWait, w.firstMasterSince(vhid, stoppedAt),
                "bow-out handover; " + w.describe());
        // Several backups may take over together; the preferred one's first advertisement
        // settles it, or (with preemption and a stale advertisement in flight) its next one.
        lan.runFor(interval + 2 * DELAY + TICK);
        w.assertMastersThroughout(5 * interval, 1, "after bow-out");
        leaving.start();

        // 5. Partition into two halves long enough for each to elect a master, then heal: the
        //    split brain must not outlast the heal by more than one interval.
        List<SimNode> nodes = lan.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            lan.setPartition(nodes.get(i), i % 2);
        }
        lan.runFor(6 * interval);
        lan.heal();
        lan.runFor(interval + TICK);
        w.assertMastersThroughout(5 * interval, 1, "after healing a partition");
        w.assertAddressesFollowMasters("at the end");
    }

    /** {@code config} with one carp interface changed. */
    private static CarpdConfig change(CarpdConfig config, String name, UnaryOperator<CarpInterfaceConfig> edit) {
        List<CarpInterfaceConfig> ifs = new ArrayList<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            ifs.add(c.name().equals(name) ? edit.apply(c) : c);
        }
        return new CarpdConfig(config.global(), ifs);
    }

    private static long bowOutWaitOf(SimNode n, String vhid) {
        CarpInterfaceConfig c = n.engine().config().find(vhid).orElseThrow();
        return Math.min(c.advskew() * (Interval.SKEW_STEP / 16), Interval.masterDown(c.advbase(), c.advskew()));
    }

    private static long intervalOf(SimNode n, String vhid) {
        CarpInterfaceConfig c = n.engine().config().find(vhid).orElseThrow();
        return Interval.of(c.advbase(), c.advskew());
    }

    private static void injectFault(World w) {
        SplittableRandom rnd = w.rnd;
        List<SimNode> nodes = w.lan.nodes();
        int index = rnd.nextInt(nodes.size());
        SimNode node = nodes.get(index);
        String vhid = w.vhids.get(rnd.nextInt(w.vhids.size()));
        long interval = w.maxInterval;
        switch (rnd.nextInt(13)) {
            case 0 -> w.lan.setConditions(new LinkConditions(rnd.nextDouble() * 0.5, 0,
                    rnd.nextLong(interval / 2 + 1), rnd.nextDouble() * 0.3));
            case 1 -> w.lan.setPartition(node, rnd.nextInt(2));
            case 2 -> w.lan.heal();
            case 3 -> {
                if (w.alive().size() > 1 && node.alive()) {
                    node.crash();
                }
            }
            case 4 -> {
                if (!node.alive()) {
                    node.start();
                }
            }
            case 5 -> node.setLink(!node.linkUp());
            case 6 -> node.jumpClock(rnd.nextLong(2 * interval));
            // Operator actions, as carpctl would do them:
            case 7 -> node.apply(change(node.engine().config(), vhid,
                    c -> c.withAdvskew(Math.max(0, Math.min(254, c.advskew() + rnd.nextInt(-8, 9))))));
            case 8 -> node.apply(change(node.engine().config(), vhid, c -> c.withUp(!c.up())));
            case 9 -> {
                if (node.alive()) {
                    // Raises only, so that taking them back at the end is exact (no clamping).
                    int delta = rnd.nextInt(1, 3);
                    node.command(e -> e.adjustGroupDemotion(node.localNow(), "carp", delta));
                    w.operatorDemotion.merge(node.engine(), delta, Integer::sum);
                }
            }
            case 10 -> {
                if (node.alive() && node.state(vhid) != CarpState.INIT) {
                    CarpState target = rnd.nextBoolean() ? CarpState.MASTER : CarpState.BACKUP;
                    node.command(e -> e.forceState(node.localNow(), vhid, target));
                }
            }
            case 11 -> node.setSendFails(!node.sendFails());
            default -> w.lan.setConditions(LinkConditions.PERFECT);
        }
    }
}
