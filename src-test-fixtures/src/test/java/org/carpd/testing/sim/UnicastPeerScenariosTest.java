package org.carpd.testing.sim;

import static org.carpd.core.engine.CarpState.BACKUP;
import static org.carpd.core.engine.CarpState.MASTER;
import static org.carpd.testing.sim.TestConfigs.carp;
import static org.carpd.testing.sim.TestConfigs.config;
import static org.carpd.testing.sim.TestConfigs.withPeers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.TransitionReason;
import org.junit.jupiter.api.Test;

/**
 * carppeer on the simulated LAN: a and b (198.18.0.1, .2) advertise to each other by unicast; c
 * (198.18.0.3) has the key and the vhid, advertises to b as a better master, but is no peer of b.
 * Unicast packets reach only their destination here.
 */
class UnicastPeerScenariosTest {
    private static final long S = ProtocolScenariosTest.S;
    private static final long DELAY = ProtocolScenariosTest.DELAY;

    private final SimulatedLan lan = new SimulatedLan(7);

    private static CarpInterfaceConfig carp0(int advskew, String... peers) {
        return withPeers(carp("carp0", "eth0", 1, 1, advskew, "secret", "198.51.100.10/24"), 255, peers);
    }

    private List<Transition> of(String node) {
        return lan.transitions().stream().filter(t -> t.node().equals(node)).toList();
    }

    @Test
    void peersElectAndFailOverWhileANonPeerWithTheKeyIsIgnored() {
        SimNode a = lan.addNode("a", config(carp0(0, "198.18.0.2")));
        SimNode b = lan.addNode("b", config(carp0(100, "198.18.0.1")));
        SimNode c = lan.addNode("c", config(carp0(0, "198.18.0.2")));
        a.start();
        b.start();
        c.start();
        lan.runFor(10 * S + S / 2);
        assertEquals(MASTER, a.state("carp0"));
        assertEquals(BACKUP, b.state("carp0"));
        assertEquals(MASTER, c.state("carp0"), "c hears nobody: a and b send only to each other");
        long ignored = b.engine().counters("carp0").get(Counter.NOT_A_PEER);
        assertTrue(ignored >= 7, "c's advertisements reach b and are dropped: " + ignored);
        assertEquals(1, of("b").size(), "b only started: " + of("b"));

        a.crash(); // last advertisement at 10 s
        lan.runFor(5 * S);
        Transition t = of("b").get(of("b").size() - 1);
        assertEquals(MASTER, t.to());
        assertEquals(TransitionReason.MASTER_DOWN, t.reason(), "not held back by c, a better master that is no peer");
        assertEquals(10 * S + DELAY + 3 * (S + 100 * S / 256), t.at());

        a.start(); // back as backup; b is master now. A graceful stop of b hands over at once by unicast bow-out.
        lan.runFor(5 * S);
        assertEquals(BACKUP, a.state("carp0"));
        long stop = lan.clock().now();
        b.stop();
        lan.runFor(S);
        Transition handover = of("a").get(of("a").size() - 1);
        assertEquals(TransitionReason.BOW_OUT, handover.reason());
        assertEquals(stop + DELAY, handover.at());
    }
}
