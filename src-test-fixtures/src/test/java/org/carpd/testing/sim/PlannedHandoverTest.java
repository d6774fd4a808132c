package org.carpd.testing.sim;

import static org.carpd.core.engine.CarpState.BACKUP;
import static org.carpd.core.engine.CarpState.INIT;
import static org.carpd.core.engine.CarpState.MASTER;
import static org.carpd.testing.sim.TestConfigs.carp;
import static org.carpd.testing.sim.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.Interval;
import org.carpd.core.engine.TransitionReason;
import org.junit.jupiter.api.Test;

/**
 * A planned handover (stop, {@code state backup}, an advskew change) loses nothing: the old
 * master keeps its addresses until the new master has them, then removes them. Every
 * scenario samples who holds the addresses every 100 µs and asserts the exact moment of the
 * removal: the new master's first advertisement heard plus {@link #SETTLE} (also at advbase 0,
 * where its second advertisement comes sooner, maybe before it could announce an IPv6 address);
 * without a new master, the old one's master-down interval or a second, whichever is shorter.
 */
class PlannedHandoverTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long DELAY = LinkConditions.PERFECT.minDelay();
    static final long SETTLE = 50 * MS;
    static final long STEP = Interval.SKEW_STEP / 16;
    static final long SAMPLE = 100_000;

    final SimulatedLan lan = new SimulatedLan(7);

    static CarpInterfaceConfig carp0(int advbase, int advskew) {
        return carp("carp0", "eth0", 1, advbase, advskew, "secret", "198.51.100.10/24", "2001:db8:1::10/64");
    }

    SimNode node(String name, CarpInterfaceConfig c, boolean preempt) {
        SimNode n = lan.addNode(name, config(preempt, ReplayPolicy.AUTO, c));
        n.start();
        return n;
    }

    /** Runs for {@code nanos}, sampling the holders; returns the samples at which nobody held both addresses. */
    List<Long> gaps(long nanos, SimNode... nodes) {
        List<Long> gaps = new ArrayList<>();
        for (long t = 0; t < nanos; t += SAMPLE) {
            lan.runFor(SAMPLE);
            boolean held = false;
            for (SimNode n : nodes) {
                held |= n.alive() && n.addresses().size() == 2;
            }
            if (!held) {
                gaps.add(lan.clock().now());
            }
        }
        return gaps;
    }

    /** When {@code n} was asked to remove its addresses, after {@code since}; -1 if never. */
    static long removedAt(List<Long> removals) {
        return removals.isEmpty() ? -1 : removals.get(0);
    }

    List<Long> watchRemovals(SimNode n) {
        List<Long> at = new ArrayList<>();
        n.onAction(a -> {
            if (a instanceof Action.RemoveAddresses) {
                at.add(lan.clock().now());
            }
        });
        return at;
    }

    @Test
    void stopKeepsTheAddressesUntilTheNewMasterHasThem() {
        SimNode a = node("a", carp0(1, 0), false);
        SimNode b = node("b", carp0(1, 100), false);
        lan.runFor(10 * S + 500 * MS);
        List<Long> removals = watchRemovals(a);
        long stoppedAt = lan.clock().now();
        a.stop();
        assertEquals(INIT, a.state("carp0"));
        assertTrue(a.stopping(), "the stopping daemon keeps running while it holds the addresses");
        assertEquals(2, a.addresses().size(), "bowed out, addresses still held");
        assertEquals(List.of(), gaps(2 * S, a, b), "the addresses were always held by someone");
        long takeover = stoppedAt + DELAY + 100 * STEP;
        assertEquals(takeover, lastOf("b").at());
        assertEquals(TransitionReason.BOW_OUT, lastOf("b").reason());
        assertEquals(takeover + DELAY + SETTLE, removedAt(removals), "released 50 ms after the new master was heard");
        assertFalse(a.alive(), "gone once the addresses are released");
        assertEquals(Set.of(), a.addresses());
    }

    @Test
    void stopWithoutAPeerReleasesWithinASecond() {
        SimNode a = node("a", carp0(1, 0), false);
        lan.runFor(5 * S);
        assertEquals(MASTER, a.state("carp0"));
        List<Long> removals = watchRemovals(a);
        long stoppedAt = lan.clock().now();
        a.stop();
        lan.runFor(2 * S);
        assertEquals(stoppedAt + S, removedAt(removals), "bounded: min(1 s, master-down interval 3 s)");
        assertFalse(a.alive());
    }

    @Test
    void stopAtSubSecondIntervalsReleasesAfterTheNewMasterCouldAnnounce() {
        SimNode a = node("a", carp0(0, 1), false);
        SimNode b = node("b", carp0(0, 2), false);
        lan.runFor(S);
        assertEquals(MASTER, a.state("carp0"));
        List<Long> removals = watchRemovals(a);
        long stoppedAt = lan.clock().now();
        a.stop();
        assertEquals(List.of(), gaps(S, a, b));
        long takeover = stoppedAt + DELAY + 2 * STEP;
        assertEquals(takeover, lastOf("b").at());
        assertTrue(SETTLE > Interval.ANNOUNCE_WAIT && SETTLE > Interval.masterDown(0, 1));
        assertEquals(takeover + DELAY + SETTLE, removedAt(removals),
                "50 ms after its first advertisement, past the 11.7 ms bound and six more advertisements");
    }

    @Test
    void forcedBackupKeepsTheAddressesUntilTheNewMasterHasThem() {
        SimNode a = node("a", carp0(1, 0), false);
        SimNode b = node("b", carp0(1, 100), false);
        lan.runFor(5 * S + 500 * MS);
        List<Long> removals = watchRemovals(a);
        long forcedAt = lan.clock().now();
        a.command(e -> e.forceState(a.localNow(), "carp0", BACKUP));
        assertEquals(BACKUP, a.state("carp0"));
        assertEquals(2, a.addresses().size(), "a BACKUP holding the addresses for the new master");
        assertEquals(List.of(), gaps(3 * S, a, b));
        long takeover = forcedAt + DELAY + 100 * STEP;
        assertEquals(takeover + DELAY + SETTLE, removedAt(removals));
        assertEquals(Set.of(), a.addresses());
        assertEquals(BACKUP, a.state("carp0"));
        assertEquals(MASTER, b.state("carp0"));
    }

    @Test
    void advskewChangeHandsOverWithoutAGap() {
        SimNode a = node("a", carp0(1, 0), true);
        SimNode b = node("b", carp0(1, 100), true);
        lan.runFor(5 * S + 500 * MS);
        List<Long> removals = watchRemovals(a);
        long changedAt = lan.clock().now();
        a.apply(config(true, ReplayPolicy.AUTO, carp0(1, 200)));
        assertEquals(List.of(), gaps(3 * S, a, b));
        // a tells at once; b preempts on it; a hears b and steps down with one last advertisement,
        // which b, MASTER by then, answers at once; a releases its addresses 50 ms after the
        // advertisement it stepped down on, not on that answer (b may not have announced yet).
        assertEquals(changedAt + DELAY, lastOf("b").at());
        assertEquals(TransitionReason.PREEMPT, lastOf("b").reason());
        assertEquals(changedAt + 2 * DELAY, lastOf("a").at());
        assertEquals(TransitionReason.PREFERRED_MASTER, lastOf("a").reason());
        assertEquals(changedAt + 2 * DELAY + SETTLE, removedAt(removals));
        assertEquals(Set.of(), a.addresses());
    }

    @Test
    void becomingMasterAgainWhileHoldingKeepsTheAddresses() {
        SimNode a = node("a", carp0(0, 1), false);
        lan.runFor(S);
        List<Long> removals = watchRemovals(a);
        List<Action> adds = new ArrayList<>();
        a.onAction(x -> {
            if (x instanceof Action.RemoveAddresses) {
                removals.add(lan.clock().now());
            } else if (x instanceof Action.AddAddresses) {
                adds.add(x);
            }
        });
        a.command(e -> e.forceState(a.localNow(), "carp0", BACKUP));
        assertEquals(List.of(), gaps(100 * MS, a));
        assertEquals(MASTER, a.state("carp0"), "no one took over: master-down after 3 intervals");
        assertEquals(List.of(), removals, "never removed");
        assertEquals(List.of(), adds, "still held: nothing to add");
    }

    @Test
    void carrierLossWhileHoldingReleasesAtOnce() {
        SimNode a = node("a", carp0(1, 0), false);
        node("b", carp0(1, 100), false);
        lan.runFor(5 * S + 500 * MS);
        a.command(e -> e.forceState(a.localNow(), "carp0", BACKUP));
        lan.runFor(MS / 100);
        assertEquals(2, a.addresses().size());
        a.setLink(false);
        assertEquals(Set.<VirtualAddress>of(), a.addresses(), "a dead link answers nothing: no point holding");
    }

    Transition lastOf(String node) {
        List<Transition> ts = lan.transitions().stream().filter(t -> t.node().equals(node)).toList();
        return ts.get(ts.size() - 1);
    }
}
