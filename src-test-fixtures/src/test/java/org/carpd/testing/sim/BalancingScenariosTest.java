package org.carpd.testing.sim;

import static org.carpd.testing.sim.TestConfigs.carp;
import static org.carpd.testing.sim.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.carpd.core.config.Balancing;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.BalancedStatus;
import org.carpd.core.engine.CarpState;
import org.junit.jupiter.api.Test;

/**
 * Load balancing on the simulated LAN: three members, three carpnodes, member i preferred on
 * carpnode i. Every member holds the addresses; each serves the buckets of the carpnodes it is
 * MASTER of; a failed member's buckets move and the others' stay where they were.
 */
class BalancingScenariosTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;
    final SimulatedLan lan = new SimulatedLan(7);

    static CarpInterfaceConfig member(int i) {
        List<Balancing.CarpNode> nodes = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            nodes.add(new Balancing.CarpNode(n + 1, n == i ? 0 : 100 + 10 * ((n - i + 3) % 3)));
        }
        return carp("carp0", "eth0", 1, 1, 0, "secret", "198.51.100.10/24", "2001:db8:1::10/64")
                .withBalancing(new Balancing(Balancing.Mode.IP, nodes));
    }

    SimNode[] three() {
        SimNode[] n = new SimNode[3];
        for (int i = 0; i < 3; i++) {
            n[i] = lan.addNode("m" + i, config(member(i)));
        }
        for (SimNode node : n) {
            node.start();
        }
        return n;
    }

    static SortedSet<Integer> owned(SimNode n) {
        List<BalancedStatus> s = n.engine().balancedStatus();
        return s.isEmpty() ? new TreeSet<>() : s.get(0).owned();
    }

    /** The last buckets the engine told the driver about, or null if none. */
    static Action.BalancingChanged lastChange(SimNode n) {
        Action.BalancingChanged last = null;
        for (Action a : n.actions()) {
            if (a instanceof Action.BalancingChanged b) {
                last = b;
            }
        }
        return last;
    }

    /** Samples every 100 ms: each bucket served by exactly one live member. */
    void assertEachBucketOnce(List<SimNode> live, long forNanos) {
        for (long t = 0; t < forNanos; t += 100 * MS) {
            lan.runFor(100 * MS);
            int[] holders = new int[3];
            for (SimNode n : live) {
                owned(n).forEach(b -> holders[b]++);
            }
            for (int b = 0; b < 3; b++) {
                assertEquals(1, holders[b], "bucket " + b + " at +" + t / MS + " ms: " + lan.transitions());
            }
        }
    }

    @Test
    void everyMemberHoldsTheAddressesAndServesItsPreferredCarpnode() {
        SimNode[] n = three();
        lan.runFor(5 * S);
        for (int i = 0; i < 3; i++) {
            assertEquals(new TreeSet<>(Set.of(i)), owned(n[i]), "m" + i);
            assertEquals(2, n[i].addresses().size(), "m" + i + " holds both addresses");
            assertEquals(new TreeSet<>(Set.of(i)), lastChange(n[i]).owned(), "the driver was told");
            assertEquals(CarpState.MASTER, n[i].state("carp0"));
        }
        assertEachBucketOnce(List.of(n), 3 * S);
    }

    @Test
    void aCrashedMembersBucketMovesAndTheOthersStay() {
        SimNode[] n = three();
        lan.runFor(5 * S);
        n[1].crash();
        // m1's carpnode (vhid 2): m0 has advskew 110 there, m2 120, so m0 takes it after 3 x (1 + 110/256) s.
        lan.runFor(3 * S);
        assertEquals(Set.of(0), owned(n[0]), "m0 kept bucket 0 and only it while its master-down runs");
        assertEquals(Set.of(2), owned(n[2]));
        lan.runFor(2 * S);
        assertEquals(Set.of(0, 1), owned(n[0]));
        assertEquals(Set.of(2), owned(n[2]), "m2's bucket did not move");
        assertEachBucketOnce(List.of(n[0], n[2]), 3 * S);
    }

    @Test
    void aMemberWhoseLinkFailsReleasesAddressesAndRules() {
        SimNode[] n = three();
        lan.runFor(5 * S);
        n[2].setLink(false);
        lan.runFor(100 * MS);
        assertTrue(n[2].addresses().isEmpty(), "no carpnode takes part: addresses removed");
        assertEquals(false, lastChange(n[2]).active(), "rules removed");
        lan.runFor(5 * S);
        assertEachBucketOnce(List.of(n[0], n[1]), 2 * S);
        n[2].setLink(true);
        lan.runFor(10 * S);
        assertTrue(owned(n[2]).isEmpty(), "back with preemption off: its carpnode stays with the taker");
        assertEquals(2, n[2].addresses().size(), "taking part again: addresses back");
        assertEquals(true, lastChange(n[2]).active());
        assertEachBucketOnce(List.of(n), 2 * S);
    }

    @Test
    void anAdvskewChangeDrainsAMember() {
        SimNode[] n = three();
        lan.runFor(5 * S);
        CarpInterfaceConfig drained = member(0).withBalancing(member(0).balancing().withAdvskew(1, 240));
        n[0].apply(config(drained));
        lan.runFor(100 * MS);
        assertEquals(Set.of(0), owned(n[0]), "without preemption the master keeps its carpnode");
        n[0].command(e -> e.forceState(lan.clock().now(), "carp0", CarpState.BACKUP));
        lan.runFor(5 * S);
        assertTrue(owned(n[0]).isEmpty(), "drained: " + owned(n[0]));
        assertEquals(2, n[0].addresses().size(), "a drained member keeps the addresses (BACKUP everywhere)");
        assertEachBucketOnce(List.of(n), 2 * S);
    }

    /**
     * The carpnodes are ordinary CARP vhids on the wire: an OpenBSD host configured with vhids 1
     * and 2 (same key and addresses) elects with a carpd member's carpnodes. (Balancing itself
     * cannot be mixed: OpenBSD hashes differently; see the operator guide.)
     */
    @Test
    void carpnodesElectWithAnOpenBsdPeersVhids() {
        List<Balancing.CarpNode> nodes = List.of(new Balancing.CarpNode(1, 0), new Balancing.CarpNode(2, 100));
        CarpInterfaceConfig balanced = carp("carp0", "eth0", 1, 1, 0, "secret", "198.51.100.10/24")
                .withBalancing(new Balancing(Balancing.Mode.IP, nodes));
        SimNode c = lan.addNode("carpd", config(true, org.carpd.core.config.ReplayPolicy.AUTO, balanced));
        PeerNode p = lan.addPeer(PeerKind.OPENBSD, "openbsd", true,
                carp("carp1", "eth0", 1, 1, 100, "secret", "198.51.100.10/24"),
                carp("carp2", "eth0", 2, 1, 0, "secret", "198.51.100.10/24"));
        c.start();
        p.start();
        lan.runFor(6 * S);
        for (long t = 0; t < 3 * S; t += 100 * MS) {
            lan.runFor(100 * MS);
            assertEquals(Set.of(0), owned(c), "carpd MASTER of carpnode 1 only: " + lan.transitions());
            assertEquals(CarpState.BACKUP, p.state("carp1"));
            assertEquals(CarpState.MASTER, p.state("carp2"));
        }
        p.crash();
        lan.runFor(4 * S);
        assertEquals(Set.of(0, 1), owned(c), "carpd took carpnode 2 over from the OpenBSD host");
    }

    /** A reload that adds a balanced interface (a new name) to a running engine starts it. */
    @Test
    void aReloadAddsABalancedInterface() {
        CarpInterfaceConfig other = carp("carp9", "eth0", 9, 1, 0, "secret", "198.51.100.90/24");
        SimNode n = lan.addNode("m0", config(other));
        n.start();
        lan.runFor(5 * S);
        n.apply(config(other, member(0)));
        lan.runFor(5 * S);
        assertEquals(Set.of(0, 1, 2), owned(n), "alone, it serves every bucket");
        assertEquals(CarpState.MASTER, n.state("carp9"), "the other interface is untouched");
        assertTrue(n.engine().counters("carp0").get(org.carpd.core.engine.Counter.TRANSITIONS) > 0);
    }

    @Test
    void addressChangesAndTurningIntoAnOrdinaryVhidApplyInPlace() throws Exception {
        SimNode[] n = three();
        lan.runFor(5 * S);
        CarpInterfaceConfig more = carp("carp0", "eth0", 1, 1, 0, "secret", "198.51.100.10/24", "2001:db8:1::10/64",
                "198.51.100.11/24").withBalancing(member(0).balancing());
        n[0].apply(config(more));
        lan.runFor(10 * MS);
        assertEquals(3, n[0].addresses().size());
        assertTrue(n[0].addresses().stream().anyMatch(a -> a.address().getHostAddress().equals("198.51.100.11")));
        assertEquals(more.addresses(), lastChange(n[0]).addresses(), "the rules name the new address set");
        assertEquals(Set.of(0), owned(n[0]), "no election restarted");
        // carpnodes -> an ordinary vhid 1: the balanced interface goes (rules and addresses), vhid 1 starts.
        CarpInterfaceConfig plain = carp("carp0", "eth0", 1, 1, 0, "secret", "198.51.100.10/24");
        n[0].apply(config(plain));
        lan.runFor(10 * MS);
        assertEquals(false, lastChange(n[0]).active());
        assertTrue(n[0].engine().balancedStatus().isEmpty());
        assertTrue(n[0].addresses().isEmpty(), "the ordinary vhid is BACKUP until its master-down");
    }
}
