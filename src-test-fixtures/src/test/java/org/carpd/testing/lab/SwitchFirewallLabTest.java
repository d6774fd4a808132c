package org.carpd.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The switch firewall really cuts what it says, per direction and per output port, multicast
 * included; and the holder sampler sees an address move between hosts.
 */
class SwitchFirewallLabTest {
    /** Sends N IP protocol 112 packets to 224.0.0.18 (TTL 255) from the namespace it runs in. */
    private static final String SEND_CARP = "import socket,sys\n"
            + "s=socket.socket(socket.AF_INET,socket.SOCK_RAW,112)\n"
            + "s.setsockopt(socket.IPPROTO_IP,socket.IP_MULTICAST_TTL,255)\n"
            + "s.setsockopt(socket.IPPROTO_IP,socket.IP_MULTICAST_IF,socket.inet_aton(sys.argv[2]))\n"
            + "for i in range(int(sys.argv[1])): s.sendto(b'\\x21\\x01'+bytes(34),('224.0.0.18',0))\n";

    private static NetnsLab lab;

    @BeforeAll
    static void up() {
        NetnsLab.assumeAvailable();
        Assumptions.assumeTrue(SwitchFirewall.available(), "nft not installed (apt-get install nftables)");
        lab = NetnsLab.create(2);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    private static void sendCarp(LabHost from, int n) {
        from.exec("python3", "-c", SEND_CARP, String.valueOf(n), from.ipv4().getHostAddress()).requireSuccess();
    }

    private static boolean ping(LabHost from, LabHost to) {
        return from.exec("ping", "-c1", "-W1", to.ipv4().getHostAddress()).ok();
    }

    @Test
    void partitionDropsOnlyCarpBetweenTheGroupsAndLossDropsToEveryPort() {
        SwitchFirewall fw = SwitchFirewall.install(lab);
        LabHost h1 = lab.host(1);
        LabHost h2 = lab.host(2);
        fw.partitionCarp(Set.of(h1), Set.of(h2));
        assertTrue(ping(h1, h2), "a CARP partition leaves other traffic alone");
        long before = fw.droppedPackets();
        sendCarp(h1, 20);
        // flooded to h2 and the client: only the copies for h2 are dropped
        assertEquals(before + 20, fw.droppedPackets());
        fw.heal();
        assertTrue(fw.rules().isEmpty());
        sendCarp(h1, 5);
        assertEquals(before + 20, fw.droppedPackets(), "nothing dropped after the heal; counts kept");

        fw.carpLoss(h1, 100);
        sendCarp(h1, 10);
        assertEquals(before + 40, fw.droppedPackets(), "100% loss drops the copies for every port");
        fw.heal();

        fw.cut(List.of(h1), List.of(h2));
        assertFalse(ping(h1, h2), "a cut drops everything");
        assertTrue(ping(h1, lab.client()));
        fw.heal();
        assertTrue(ping(h1, h2));
    }

    @Test
    void samplerSeesAnAddressMove() throws Exception {
        String vip = "198.18.0.77";
        try (HolderSampler s = HolderSampler.start(lab, lab.hosts(), List.of(vip), Duration.ofMillis(100))) {
            Thread.sleep(300);
            lab.host(1).exec("ip", "addr", "add", vip + "/24", "dev", "eth0").requireSuccess();
            lab.client().exec("ping", "-c1", "-W1", vip).requireSuccess();
            Thread.sleep(300);
            lab.host(2).exec("ip", "addr", "add", vip + "/24", "dev", "eth0").requireSuccess();
            Thread.sleep(300);
            lab.host(1).exec("ip", "addr", "del", vip + "/24", "dev", "eth0").requireSuccess();
            Thread.sleep(300);
            HolderTimeline t = s.stop();
            assertEquals("", s.lastError());
            assertEquals(Set.of("h1", "h2"), t.everHeldBy(vip), t.render(vip));
            assertTrue(t.longestDoubleHolding(vip).toMillis() >= 100, t.render(vip));
            assertTrue(t.samples().stream().anyMatch(x -> x.neighbourOf(vip).equals("h1")), t.render(vip));
            assertEquals(Set.of("h2"), t.samples().get(t.samples().size() - 1).holdersOf(vip));
        } finally {
            lab.host(2).exec("ip", "addr", "del", vip + "/24", "dev", "eth0");
        }
    }
}
