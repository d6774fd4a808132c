package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carpd.testing.lab.ExecResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real carpd daemons (packaged launchers) on a namespace lab of h1, h2 and a client: election,
 * failover on a pulled cable, bow-out on SIGTERM, and the client's view (ping, neighbour table).
 */
class CarpdFailoverIT extends TwoNodeLabTest {
    @BeforeEach
    void up() throws Exception {
        createLab();
    }

    /** Starts h1 (preferred) and h2 with the given settings; waits until h1 is MASTER and h2 BACKUP. */
    private void startPair(int advbase, int skew1, int skew2, String global) throws Exception {
        n1.writeConfig(global + CarpdNode.carp0(advbase, skew1, n1.writeKey("lab-secret")));
        n2.writeConfig(global + CarpdNode.carp0(advbase, skew2, n2.writeKey("lab-secret")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
    }

    private ExecResult clientPing(String address) {
        return lab.client().exec("ping", "-n", "-c", "1", "-W", "1", address);
    }

    private String clientNeighbour(String address) {
        return lab.client().exec("ip", "neigh", "show", address).requireSuccess().output().toLowerCase();
    }

    @Test
    void twoNodesElectOneMasterAndOnlyItHoldsTheVips() throws Exception {
        startPair(1, 0, 100, "");
        assertEquals("MASTER", n1.state());
        assertEquals("BACKUP", n2.state());
        assertTrue(n1.hasVip4() && n1.hasVip6(), "master holds both VIPs");
        assertFalse(n2.hasVip4() || n2.hasVip6(), "backup holds no VIP");
        assertTrue(clientPing(CarpdNode.VIP4).ok());
        assertTrue(clientPing(CarpdNode.VIP6).ok());
        // A second carp interface created at run time with carpctl; "carpctl carp0" shows only carp0.
        Path key1 = Files.writeString(tmp.resolve("carp1.key"), "other");
        Files.setPosixFilePermissions(key1, PosixFilePermissions.fromString("rw-------"));
        n1.ctl("carp1", "carpdev", "eth0", "vhid", "9", "pass-file", key1.toString(), "198.18.0.20/24")
                .requireSuccess();
        assertTrue(n1.ctl().requireSuccess().output().contains("carp1: flags=<UP,RUNNING> carpdev eth0"));
        String one = n1.ctl("carp0").requireSuccess().output();
        assertFalse(one.contains("carp1"), one);
        assertTrue(one.startsWith("carp0: flags=<UP,RUNNING> carpdev eth0"), one);
        assertTrue(one.contains("\tcarp: MASTER vhid 1 advbase 1 advskew 0 demote 0"), one);
        assertTrue(one.contains("\tinet 198.18.0.10/24") && one.contains("\tinet6 2001:db8::10/64"), one);
    }

    @Test
    void backupTakesOverWhenTheMasterLinkDiesAndTheClientFollows() throws Exception {
        startPair(1, 0, 100, "");
        // the client learns the old master's MAC for both VIPs
        clientPing(CarpdNode.VIP4).requireSuccess();
        clientPing(CarpdNode.VIP6).requireSuccess();
        String oldMac = lab.host(1).mac().toString().toLowerCase();
        String newMac = lab.host(2).mac().toString().toLowerCase();
        assertTrue(clientNeighbour(CarpdNode.VIP4).contains(oldMac));

        Instant cut = Instant.now();
        lab.host(1).linkDown();
        try {
            var t = n2.awaitTransition("MASTER", cut, Duration.ofSeconds(10));
            long ms = Duration.between(cut, t.time()).toMillis();
            long bound = 3 * (1000 + 100 * 1000 / 256) + 100;
            assertTrue(ms <= bound, "takeover after " + ms + " ms, bound " + bound + " ms");
            assertEquals("master down", t.reason());

            // the gratuitous ARP / unsolicited NA must have repointed the client's cache
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (!(clientNeighbour(CarpdNode.VIP4).contains(newMac) && clientNeighbour(CarpdNode.VIP6).contains(newMac))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(clientNeighbour(CarpdNode.VIP4).contains(newMac), "v4 neigh: " + clientNeighbour(CarpdNode.VIP4));
            assertTrue(clientNeighbour(CarpdNode.VIP6).contains(newMac), "v6 neigh: " + clientNeighbour(CarpdNode.VIP6));
            clientPing(CarpdNode.VIP4).requireSuccess();
            clientPing(CarpdNode.VIP6).requireSuccess();
            assertTrue(n2.hasVip4() && n2.hasVip6());
        } finally {
            lab.host(1).linkUp();
        }
    }

    @Test
    void gracefulStopOfTheMasterHandsOverAtOnce() throws Exception {
        long startedTicks = System.currentTimeMillis() * 4096 / 1000 << 8;
        startPair(1, 0, 100, "");
        Instant stop = Instant.now();
        n1.signal("TERM");
        var t = n2.awaitTransition("MASTER", stop, Duration.ofSeconds(5));
        long ms = Duration.between(stop, t.time()).toMillis();
        assertTrue(ms <= 100, "takeover after " + ms + " ms");
        assertEquals("master bowed out", t.reason());
        assertTrue(n1.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "carpd exits on SIGTERM");
        assertFalse(n1.hasVip4() || n1.hasVip6(), "old master removed the VIPs");
        assertTrue(n2.hasVip4() && n2.hasVip6());
        n2.awaitLog("carp0: state transition: BACKUP -> MASTER (master bowed out)", Duration.ofSeconds(2));
        // The stopped master saved its last advertisement counter (wall-clock 1/4096 s at its start,
        // times 256, plus a block per advertisement) and the vhid's replay mark for the next run:
        // see --state-dir.
        List<String> lines = Files.readAllLines(n1.dir().resolve("counter"));
        long saved = Long.parseUnsignedLong(lines.get(0).trim());
        assertTrue(saved > startedTicks && saved < System.currentTimeMillis() * 4096 / 1000 << 8, "saved counter " + saved);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("mark eth0 1 ")), "the replay mark: " + lines);
    }
}
