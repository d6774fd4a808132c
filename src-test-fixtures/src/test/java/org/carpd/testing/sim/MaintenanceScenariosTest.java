package org.carpd.testing.sim;

import static org.carpd.core.engine.CarpState.BACKUP;
import static org.carpd.core.engine.CarpState.MASTER;
import static org.carpd.testing.sim.TestConfigs.carp;
import static org.carpd.testing.sim.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.Interval;
import org.carpd.core.engine.TransitionReason;
import org.junit.jupiter.api.Test;

/**
 * Maintenance mode ({@code carpctl maintenance on}): a drained node hands every vhid over at once
 * (bow-out) and never becomes MASTER while it lasts, not even when no other node advertises.
 */
class MaintenanceScenariosTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long DELAY = LinkConditions.PERFECT.minDelay();

    final SimulatedLan lan = new SimulatedLan(7);

    static CarpInterfaceConfig carp0(int advskew) {
        return carp("carp0", "eth0", 1, 1, advskew, "secret", "198.51.100.10/24");
    }

    static CarpInterfaceConfig carp1(int advskew) {
        return carp("carp1", "eth0", 2, 1, advskew, "secret", "198.51.100.11/24");
    }

    private List<Transition> since(int index) {
        return lan.transitions().subList(index, lan.transitions().size());
    }

    private void maintenance(SimNode node, boolean on) {
        node.command(e -> e.setMaintenance(lan.clock().now(), on));
    }

    @Test
    void masterHandsEveryVhidOverAtOnceAndStaysBackup() {
        SimNode a = lan.addNode("a", config(carp0(0), carp1(0)));
        SimNode b = lan.addNode("b", config(carp0(100), carp1(100)));
        a.start();
        b.start();
        lan.runFor(10 * S + 500 * MS);
        assertEquals(MASTER, a.state("carp0"));
        assertEquals(MASTER, a.state("carp1"));
        int before = lan.transitions().size();
        long at = lan.clock().now();
        maintenance(a, true);
        lan.runFor(30 * S);
        List<Transition> after = since(before);
        for (String vhid : List.of("carp0", "carp1")) {
            Transition left = after.stream().filter(t -> t.node().equals("a") && t.carpInterface().equals(vhid))
                    .findFirst().orElseThrow();
            assertEquals(TransitionReason.MAINTENANCE, left.reason(), left.toString());
            assertEquals(at, left.at());
            Transition took = after.stream().filter(t -> t.node().equals("b") && t.carpInterface().equals(vhid))
                    .findFirst().orElseThrow();
            assertEquals(TransitionReason.BOW_OUT, took.reason(), took.toString());
            assertEquals(at + DELAY + 100 * (Interval.SKEW_STEP / 16), took.at(),
                    "handed over at once, not after the master-down interval: " + took);
            assertEquals(BACKUP, a.state(vhid));
            assertEquals(MASTER, b.state(vhid));
        }
        assertEquals(4, after.size(), "no flapping afterwards: " + after);
        assertTrue(a.addresses().isEmpty(), "the drained node holds no address");
    }

    @Test
    void drainedNodeStaysBackupWhenNoOneElseAdvertisesAndTakesOverWhenItEnds() {
        SimNode a = lan.addNode("a", config(carp0(0)));
        SimNode b = lan.addNode("b", config(carp0(100)));
        List<Action> seen = new java.util.ArrayList<>();
        a.onAction(seen::add);
        a.start();
        b.start();
        lan.runFor(10 * S);
        maintenance(a, true);
        lan.runFor(5 * S);
        b.crash();
        lan.runFor(60 * S);
        assertEquals(BACKUP, a.state("carp0"), "maintenance outlasts a missing master");
        assertTrue(a.addresses().isEmpty());
        List<Action> notices = seen.stream().filter(x -> x instanceof Action.PeerNotice).toList();
        assertEquals(1, notices.size(), "said once that the addresses are not served: " + notices);
        assertTrue(((Action.PeerNotice) notices.get(0)).message().contains("maintenance"), notices.toString());
        long off = lan.clock().now();
        maintenance(a, false);
        lan.runFor(10 * S);
        assertEquals(MASTER, a.state("carp0"));
        Transition took = since(0).stream().filter(t -> t.node().equals("a")).reduce((x, y) -> y).orElseThrow();
        assertEquals(TransitionReason.MASTER_DOWN, took.reason());
        assertEquals(off + a.masterDownInterval("carp0"), took.at(), "the master is timed again from the end");
    }

    @Test
    void drainedNodeNeitherPreemptsNorCanBeForcedToMaster() {
        SimNode a = lan.addNode("a", config(true, ReplayPolicy.AUTO, carp0(0)));
        SimNode b = lan.addNode("b", config(true, ReplayPolicy.AUTO, carp0(100)));
        a.start();
        b.start();
        lan.runFor(10 * S);
        maintenance(a, true);
        lan.runFor(30 * S);
        assertEquals(BACKUP, a.state("carp0"), "a faster node in maintenance does not preempt");
        assertEquals(MASTER, b.state("carp0"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> a.command(e -> e.forceState(lan.clock().now(), "carp0", MASTER)));
        assertTrue(refused.getMessage().contains("maintenance"), refused.getMessage());
        assertEquals(BACKUP, a.state("carp0"));
        maintenance(a, false);
        lan.runFor(5 * S);
        assertEquals(MASTER, a.state("carp0"), "with preemption the faster node takes back over once it ends");
    }

    @Test
    void maintenanceSetAtStartNeverBecomesMaster() {
        SimNode a = lan.addNode("a", config(carp0(0)));
        a.onAction(x -> { });
        a.start();
        maintenance(a, true);
        lan.runFor(30 * S);
        assertEquals(BACKUP, a.state("carp0"));
        assertTrue(lan.transitions().stream().noneMatch(t -> t.to() == MASTER), lan.transitions().toString());
    }
}
