package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.carpd.testing.lab.ExecResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * carpctl against a real carpd in the namespace lab: a carpdev typo is refused and changes
 * nothing, over time; a missing carpdev at start-up is named with its file and line; typos of
 * commands and interfaces get plain answers; every change is in the daemon's log with its user;
 * a routed (TTL 64) advertisement is logged naming its sender.
 */
class CarpctlIT extends TwoNodeLabTest {
    @BeforeEach
    void up() throws Exception {
        createLab();
    }

    /**
     * Every 250 ms (plus the time the carpctl runs take) for {@code duration}, and at least three
     * times (each sample runs carpctl twice, a JVM each: on a loaded machine two samples filled
     * 3 s): carp0 still MASTER with its address, the running configuration unchanged.
     */
    private void assertUnchangedFor(Duration duration, String config) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        int samples = 0;
        while (System.nanoTime() < end || samples < 3) {
            assertEquals("MASTER", n1.state());
            assertEquals(config, n1.ctl("show-config").requireSuccess().output(), "running configuration changed");
            assertTrue(n1.hasVip4(), "virtual address gone");
            samples++;
            Thread.sleep(250);
        }
    }

    @Test
    void carpdevTypoIsRefusedWithStatus2AndChangesNothing() throws Exception {
        Path key = n1.writeKey("k");
        n1.writeConfig(CarpdNode.carp0(1, 0, key));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        String config = n1.ctl("show-config").requireSuccess().output();
        String listing = n1.ctl().requireSuccess().output();

        ExecResult typo = n1.ctl("carp0", "carpdev", "eht0");
        assertEquals(2, typo.exitCode(), typo.output());
        assertTrue(typo.output().contains("carp0: carpdev eht0: no such network interface; nothing changed"), typo.output());
        ExecResult create = n1.ctl("carp1", "carpdev", "eht0", "vhid", "2", "pass-file", key.toString(), "198.18.0.20/24");
        assertEquals(2, create.exitCode(), create.output());
        assertTrue(create.output().contains("carp1: carpdev eht0: no such network interface"), create.output());

        assertUnchangedFor(Duration.ofSeconds(3), config);
        assertEquals(listing, n1.ctl().requireSuccess().output());
        assertFalse(n1.log().contains("carp0: state transition: MASTER"), n1.log());
        n1.awaitLog("carpctl by root (uid 0), refused (exit 2): carp0 carpdev eht0", Duration.ofSeconds(2));

        ExecResult good = n1.ctl("carp0", "advskew", "10");
        assertEquals(0, good.exitCode(), good.output());
        n1.awaitLog("carpctl by root (uid 0): carp0 advskew 10", Duration.ofSeconds(2));
        assertTrue(n1.ctl().requireSuccess().output().contains("advskew 10"));
    }

    @Test
    void missingCarpdevAtStartUpIsNamedWithFileAndLine() throws Exception {
        Path key = n1.writeKey("k");
        n1.writeConfig(CarpdNode.carp0(1, 0, key)
                + "carp1 carpdev eht0 vhid 2 pass-file " + key + " 198.18.0.20/24\n");
        n1.start();
        n1.awaitLog(n1.configFile() + ":2: carp1: carpdev eht0 does not exist; carp1 stays in INIT",
                Duration.ofSeconds(5));
        n1.signal("HUP");
        n1.awaitLog("configuration reloaded", Duration.ofSeconds(5));
        assertEquals(2, n1.log().split(":2: carp1: carpdev eht0 does not exist", -1).length - 1,
                "warned again on reload:\n" + n1.log());
    }

    @Test
    void routedAdvertisementIsLoggedWithItsSender() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("k")));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        String sender = lab.host(2).ipv4().getHostAddress();
        // One CARP advertisement for vhid 1 with TTL 64, as if it had been routed.
        String script = """
                import socket, struct, sys
                body = struct.pack('!BBBBBBHQ', 0x21, 1, 0, 7, 0, 1, 0, 1) + bytes(20)
                s = sum(struct.unpack('!18H', body)); s = (s >> 16) + (s & 0xffff); s += s >> 16
                body = body[:6] + struct.pack('!H', ~s & 0xffff) + body[8:]
                so = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)
                so.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 64)
                so.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(sys.argv[1]))
                so.sendto(body, ('224.0.0.18', 0))
                """;
        lab.host(2).exec("python3", "-c", script, sender).requireSuccess();
        n1.awaitLog("eth0: bad TTL from " + sender + " (TTL 64)", Duration.ofSeconds(5));
    }

    @Test
    void typosOfCommandsAndInterfacesGetPlainAnswers() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("k")));
        n1.start();
        ExecResult carp9 = n1.ctl("carp9");
        assertEquals(2, carp9.exitCode());
        assertEquals("carpctl: no such interface: carp9\n", carp9.output());
        ExecResult stat = n1.ctl("stat");
        assertEquals(2, stat.exitCode());
        assertEquals("carpctl: unknown command 'stat', did you mean 'stats'?\n", stat.output());
        ExecResult set = n1.ctl("set");
        assertEquals(2, set.exitCode());
        assertTrue(set.output().startsWith("carpctl:1:") && !set.output().contains("no such interface"), set.output());
        ExecResult json = n1.ctl("status", "--json");
        assertEquals(0, json.exitCode(), json.output());
        assertTrue(json.output().startsWith("[{\"name\":\"carp0\""), json.output());
    }
}
