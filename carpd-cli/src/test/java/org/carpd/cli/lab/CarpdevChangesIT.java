package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carpd.testing.lab.LabHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real carpd daemons while the network changes under the master (h1): its carpdev deleted and
 * re-created, its virtual address removed by hand. What carpctl lists, who holds the address and
 * whether the client reaches it, sampled every 250 ms.
 */
class CarpdevChangesIT extends TwoNodeLabTest {
    private static final long SAMPLE_MILLIS = 250;

    @BeforeEach
    void up() throws Exception {
        createLab();
    }

    private void startPair(String global) throws Exception {
        n1.writeConfig(global + CarpdNode.carp0(1, 0, n1.writeKey("lab-secret")));
        n2.writeConfig(global + CarpdNode.carp0(1, 100, n2.writeKey("lab-secret")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
    }

    @Test
    void deletedCarpdevShowsInitDemotedAndTheVhidComesBackWhenItIsRecreated() throws Exception {
        startPair("set preempt on\n");
        Instant deleted = Instant.now();
        lab.host(1).exec("ip", "link", "del", "eth0").requireSuccess();

        List<String> listings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread.sleep(SAMPLE_MILLIS);
            listings.add(n1.ctl().requireSuccess().output());
        }
        for (String listing : listings) { // from the first sample on
            assertTrue(listing.startsWith("carp0: flags=<UP> carpdev eth0\n"), "not RUNNING, not FAILED:\n" + listing);
            assertTrue(listing.contains("carp: INIT vhid 1 advbase 1 advskew 0 demote 1"), listing);
        }
        String json = n1.ctl("--json").requireSuccess().output();
        assertTrue(json.contains("\"state\":\"INIT\"") && json.contains("\"carpdev_up\":false")
                && json.contains("\"failed\":null"), json);
        // Whichever notices first: the netlink event ("the interface was deleted") or the capture.
        n1.awaitLog("carpdev eth0 (ifindex 2) lost: ", Duration.ofSeconds(1));
        var takeover = n2.awaitTransition("MASTER", deleted, Duration.ofSeconds(6));
        long masterDown = 3 * (1000 + 100 * 1000 / 256); // h2: advbase 1, advskew 100
        assertTrue(Duration.between(deleted, takeover.time()).toMillis() < masterDown + 500,
                "h2 takes over within its master-down time: " + takeover);

        recreateEth0(lab.host(1));
        Instant back = Instant.now();
        // h1 is preferred and preempts: only possible if it captures h2's advertisements again and
        // h2 hears h1's from the new interface.
        var preempt = n1.awaitTransition("MASTER", back, Duration.ofSeconds(5));
        n2.awaitState("BACKUP", Duration.ofSeconds(2));
        assertTrue(Duration.between(back, preempt.time()).toMillis() < 2500, "preempted " + preempt);
        String listing = n1.ctl().requireSuccess().output();
        assertTrue(listing.startsWith("carp0: flags=<UP,RUNNING> carpdev eth0\n")
                && listing.contains("carp: MASTER vhid 1 advbase 1 advskew 0 demote 0"), listing);
        assertTrue(n1.hasVip4() && n1.hasVip6() && !n2.hasVip4());
        lab.client().exec("ping", "-c", "1", "-W", "2", CarpdNode.VIP4).requireSuccess();
        lab.client().exec("ping", "-6", "-c", "1", "-W", "2", CarpdNode.VIP6).requireSuccess();
        assertTrue(n1.log().contains("carpdev eth0 is back"), n1.log());
    }

    @Test
    void addressRemovedFromTheMasterIsRestoredAndTheClientKeepsReachingIt() throws Exception {
        startPair("");
        Process ping = new ProcessBuilder("ip", "netns", "exec", lab.client().netns(),
                "ping", "-n", "-c", "20", "-i", "0.2", "-W", "1", CarpdNode.VIP4).redirectErrorStream(true).start();
        Thread.sleep(600);
        lab.host(1).exec("ip", "addr", "del", CarpdNode.VIP4 + "/24", "dev", "eth0").requireSuccess();
        List<Boolean> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread.sleep(SAMPLE_MILLIS);
            held.add(n1.hasVip4());
            assertFalse(n2.hasVip4(), "the backup never takes the address");
        }
        assertTrue(held.stream().allMatch(b -> b), "back within one sample and kept: " + held);
        assertEquals("MASTER", n1.state());
        assertEquals("BACKUP", n2.state());
        assertFalse(n1.ctl().requireSuccess().output().contains("FAILED"));
        n1.awaitLog("virtual address 198.18.0.10/24 was removed from eth0 while MASTER, not by carpd; restored it",
                Duration.ofSeconds(1));
        assertTrue(ping.waitFor(15, TimeUnit.SECONDS));
        String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int received = Integer.parseInt(out.replaceAll("(?s).* (\\d+) received.*", "$1"));
        assertTrue(received >= 19, "the client kept reaching the address:\n" + out);
    }

    /** Re-creates the host's eth0 as the lab made it: a new veth pair (new ifindex), same MAC and addresses. */
    private void recreateEth0(LabHost h) throws Exception {
        String sw = lab.switchNetns();
        run("ip", "-n", sw, "link", "add", h.switchPort(), "type", "veth", "peer", "name", "eth0",
                "address", h.mac().toString(), "netns", h.netns());
        run("ip", "-n", sw, "link", "set", h.switchPort(), "master", "br0", "up");
        h.exec("sysctl", "-q", "-w", "net.ipv6.conf.eth0.accept_dad=0").requireSuccess();
        h.exec("ip", "addr", "add", h.ipv4().getHostAddress() + "/24", "dev", "eth0").requireSuccess();
        h.exec("ip", "addr", "add", h.ipv6().getHostAddress() + "/64", "dev", "eth0", "nodad").requireSuccess();
        h.exec("ip", "link", "set", "eth0", "up").requireSuccess();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(String.join(" ", command) + " failed: " + out);
        }
    }
}
