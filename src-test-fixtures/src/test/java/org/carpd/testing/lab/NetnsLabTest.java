package org.carpd.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.NetworkInterface;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetnsLabTest {
    private static NetnsLab lab;

    @BeforeAll
    static void buildLab() {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(2);
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void hostsAndClientReachEachOtherOverIpv4AndIpv6() {
        LabHost h1 = lab.host(1);
        LabHost h2 = lab.host(2);
        LabHost client = lab.client();
        for (LabHost from : List.of(h1, h2, client)) {
            for (LabHost to : List.of(h1, h2, client)) {
                if (from == to) {
                    continue;
                }
                from.exec("ping", "-c", "1", "-W", "2", to.ipv4().getHostAddress()).requireSuccess();
                from.exec("ping", "-6", "-c", "1", "-W", "2", to.ipv6().getHostAddress()).requireSuccess();
            }
        }
    }

    @Test
    void addressingFollowsTheDocumentedPlan() throws Exception {
        assertEquals("198.18.0.1", lab.host(1).ipv4().getHostAddress());
        assertEquals("198.18.0.100", lab.client().ipv4().getHostAddress());
        assertEquals(java.net.InetAddress.getByName("2001:db8::2"), lab.host(2).ipv6());
        String link = lab.host(2).exec("ip", "-o", "link", "show", "dev", "eth0").requireSuccess().output();
        assertTrue(link.contains("link/ether " + lab.host(2).mac()), link);
        String addr = lab.host(2).exec("ip", "-o", "addr", "show", "dev", "eth0").requireSuccess().output();
        assertTrue(addr.contains("inet 198.18.0.2/24"), addr);
        assertTrue(addr.contains("inet6 2001:db8::2/64"), addr);
        assertFalse(addr.contains("tentative"), addr);
        assertThrows(IllegalArgumentException.class, () -> lab.host(3));
        assertThrows(IllegalArgumentException.class, () -> lab.host(0));
    }

    @Test
    void theSwitchBypassesBridgeNetfilter() {
        ExecResult r = Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "exec", lab.switchNetns(),
                "sh", "-c", "cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || echo absent"));
        assertTrue(r.output().strip().equals("0") || r.output().strip().equals("absent"), r.output());
    }

    @Test
    void linkDownCutsTheHostOffAndLinkUpRestoresIt() {
        LabHost h2 = lab.host(2);
        String target = lab.client().ipv4().getHostAddress();
        h2.linkDown();
        try {
            assertNotEquals(0, h2.exec("ping", "-c", "1", "-W", "1", target).exitCode());
            String link = h2.exec("ip", "-o", "link", "show", "dev", "eth0").output();
            assertTrue(link.contains("NO-CARRIER"), link);
            String addr = h2.exec("ip", "-o", "addr", "show", "dev", "eth0").output();
            assertTrue(addr.contains("2001:db8::2/64"), "addresses survive carrier loss: " + addr);
        } finally {
            h2.linkUp();
        }
        h2.exec("ping", "-c", "1", "-W", "3", target).requireSuccess();
    }

    @Test
    void runInNamespaceRunsOnAThreadInsideTheHostNamespace() throws Exception {
        LabHost h1 = lab.host(1);
        long expected = NamespaceEntry.namespaceInode(h1.netns());
        assertNotEquals(expected, NamespaceEntry.currentThreadNamespaceInode());
        assertEquals(expected, (long) h1.runInNamespace(NamespaceEntry::currentThreadNamespaceInode));

        AtomicLong childNs = new AtomicLong();
        h1.runInNamespace(() -> {
            Thread t = new Thread(() -> childNs.set(NamespaceEntry.currentThreadNamespaceInode()));
            t.start();
            t.join();
            return null;
        });
        assertEquals(expected, childNs.get(), "threads started inside inherit the namespace");

        byte[] mac = h1.runInNamespace(() -> NetworkInterface.getByName("eth0").getHardwareAddress());
        assertEquals(h1.mac(), MacAddress.of(mac));
    }

    @Test
    void execReportsExitCodeAndOutput() {
        ExecResult r = lab.host(1).exec("sh", "-c", "echo hello; exit 3");
        assertEquals(3, r.exitCode());
        assertEquals("hello\n", r.output());
        assertThrows(LabException.class, r::requireSuccess);
        assertThrows(LabException.class,
                () -> lab.host(1).exec(java.time.Duration.ofMillis(200), "sleep", "5"));
    }

    @Test
    void closeDeletesEveryNamespaceAndKillsSpawnedProcesses() throws Exception {
        NetnsLab other = NetnsLab.create(1);
        String prefix = other.prefix();
        Process daemon;
        try {
            assertEquals(3, NetnsLab.namespacesWithPrefix(prefix).size(), "switch, h1 and client");
            daemon = other.host(1).spawn("sleep", "600");
            assertTrue(daemon.isAlive());
        } finally {
            other.close();
        }
        assertEquals(List.of(), NetnsLab.namespacesWithPrefix(prefix));
        assertFalse(daemon.isAlive());
        assertThrows(LabException.class, () -> other.host(1).exec("true"));
        other.close(); // idempotent
    }

    @Test
    void sweepRemovesOnlyNamespacesOfDeadRunsOfOurScheme() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        String dead = "carpdlab-" + finished.pid() + "-abc123-h1";
        String alive = "carpdlab-" + ProcessHandle.current().pid() + "-abc123-h1";
        String foreign = "carpd-" + finished.pid() + "-abc123-h1";
        try {
            for (String ns : List.of(dead, alive, foreign)) {
                Commands.ip("netns", "add", ns);
            }
            List<String> swept = NetnsLab.sweepDeadRuns();
            assertTrue(swept.contains(dead), swept.toString());
            assertFalse(swept.contains(alive));
            assertFalse(swept.contains(foreign));
            assertEquals(List.of(), NetnsLab.namespacesWithPrefix(dead));
            assertEquals(List.of(alive), NetnsLab.namespacesWithPrefix(alive));
            assertEquals(List.of(foreign), NetnsLab.namespacesWithPrefix(foreign));
        } finally {
            for (String ns : List.of(dead, alive, foreign)) {
                Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "del", ns));
            }
        }
    }
}
