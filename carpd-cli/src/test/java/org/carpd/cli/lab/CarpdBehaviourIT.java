package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real carpd daemons in the namespace lab: preemption, authentication mismatches, sub-second
 * advertisements, live changes with carpctl and SIGHUP, key-file checks and hooks.
 */
class CarpdBehaviourIT extends TwoNodeLabTest {
    private static final Pattern BAD_AUTH = Pattern.compile("total:[\\s\\S]*?(\\d+) discarded for bad authentication");

    @BeforeEach
    void up() throws Exception {
        createLab();
    }

    @Test
    void returningMasterStaysBackupWithoutPreemptAndTakesOverWithIt() throws Exception {
        for (boolean preempt : new boolean[] {false, true}) {
            String global = preempt ? "set preempt on\n" : "";
            n1.writeConfig(global + CarpdNode.carp0(1, 0, n1.writeKey("k")));
            n2.writeConfig(global + CarpdNode.carp0(1, 100, n2.writeKey("k")));
            n2.start();
            n2.awaitState("MASTER", Duration.ofSeconds(10));
            n1.start();
            if (preempt) {
                n1.awaitState("MASTER", Duration.ofSeconds(5));
                n2.awaitState("BACKUP", Duration.ofSeconds(2));
            } else {
                n1.awaitState("BACKUP", Duration.ofSeconds(5));
                Thread.sleep(4000); // longer than h1's master-down timeout
                assertEquals("BACKUP", n1.state(), "preempt off: the faster node must not take over");
                assertEquals("MASTER", n2.state());
            }
            n1.stop();
            n2.stop();
        }
    }

    /**
     * A stall is not a failure (issue 7): a BACKUP held up longer than its master-down time
     * (SIGSTOP, as a GC pause or a paused VM would) first hears the advertisements that arrived
     * meanwhile when it resumes, and stays BACKUP.
     */
    @Test
    void aBackupPausedLongerThanItsMasterDownTimeStaysBackupWhenItResumes() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("k")));
        n2.writeConfig(CarpdNode.carp0(1, 100, n2.writeKey("k")));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        n2.start();
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        for (int round = 0; round < 2; round++) {
            int before = n2.transitions().size();
            n2.signal("STOP");
            Thread.sleep(6000); // master-down is 3 x (1 + 100/256) s = 4.2 s
            n2.signal("CONT");
            Thread.sleep(2500);
            assertEquals(before, n2.transitions().size(), "round " + round + ": no transition after the pause: "
                    + n2.transitions());
            assertEquals("BACKUP", n2.state());
            assertEquals("MASTER", n1.state());
        }
    }

    /** Both sides think they are alone: MASTER, stable, and the reason is counted and logged. */
    private void assertMismatchKeepsBothMaster() throws Exception {
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        n2.awaitState("MASTER", Duration.ofSeconds(10));
        int before = n1.transitions().size() + n2.transitions().size();
        Thread.sleep(5000);
        assertEquals(before, n1.transitions().size() + n2.transitions().size(), "no flapping");
        assertEquals("MASTER", n1.state());
        assertEquals("MASTER", n2.state());
        for (CarpdNode n : new CarpdNode[] {n1, n2}) {
            String stats = n.ctl("stats").requireSuccess().output();
            Matcher m = BAD_AUTH.matcher(stats);
            assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, n + " stats:\n" + stats);
            n.awaitLog("incorrect hash: check pass and address list", Duration.ofSeconds(1));
        }
    }

    @Test
    void wrongPassphraseLeavesBothMasterWithoutFlapping() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("one secret")));
        n2.writeConfig(CarpdNode.carp0(1, 100, n2.writeKey("another secret")));
        assertMismatchKeepsBothMaster();
    }

    @Test
    void differentAddressSetLeavesBothMasterWithoutFlapping() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("k")));
        n2.writeConfig(CarpdNode.carp0(1, 100, n2.writeKey("k"), "198.18.0.11/24"));
        assertMismatchKeepsBothMaster();
    }

    @Test
    void advbaseZeroFailsOverWithinThreeSubSecondIntervals() throws Exception {
        n1.writeConfig(CarpdNode.carp0(0, 20, n1.writeKey("k")));
        n2.writeConfig(CarpdNode.carp0(0, 40, n2.writeKey("k")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        Thread.sleep(500);
        Instant cut = Instant.now();
        lab.host(1).linkDown();
        try {
            var t = n2.awaitTransition("MASTER", cut, Duration.ofSeconds(5));
            long ms = Duration.between(cut, t.time()).toMillis();
            long bound = 3 * 40 * 1000 / 256 + 100;
            assertTrue(ms <= bound, "takeover after " + ms + " ms, bound " + bound + " ms");
        } finally {
            lab.host(1).linkUp();
        }
    }

    @Test
    void liveAdvskewChangeOnTheMasterLetsAPreemptingBackupTakeOver() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("k")));
        n2.writeConfig("set preempt on\n" + CarpdNode.carp0(1, 100, n2.writeKey("k")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        Instant change = Instant.now();
        n1.ctl("carp0", "advskew", "200").requireSuccess();
        var t = n2.awaitTransition("MASTER", change, Duration.ofSeconds(3));
        assertTrue(Duration.between(change, t.time()).toMillis() < 1500, "took over after the next advertisement");
        n1.awaitState("BACKUP", Duration.ofSeconds(2));
    }

    @Test
    void sighupKeepsRunningOnABadConfigAndAppliesAGoodOne() throws Exception {
        Path key = n1.writeKey("k");
        n1.writeConfig(CarpdNode.carp0(1, 0, key));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));

        n1.writeConfig("carp0 carpdev eth0 vhid 1 advbase 1 advskew 999 pass-file " + key + " 198.18.0.10/24\n");
        n1.signal("HUP");
        n1.awaitLog("reload failed", Duration.ofSeconds(5));
        assertTrue(n1.process().isAlive());
        assertEquals("MASTER", n1.state());
        assertTrue(n1.ctl().requireSuccess().output().contains("advskew 0"));

        n1.writeConfig(CarpdNode.carp0(1, 42, key));
        n1.signal("HUP");
        n1.awaitLog("configuration reloaded", Duration.ofSeconds(5));
        assertTrue(n1.ctl().requireSuccess().output().contains("advskew 42"), n1.ctl().output());
        assertEquals("MASTER", n1.state());
    }

    @Test
    void keyFileReadableByOthersIsRefusedNamingTheFile() throws Exception {
        Path key = n1.writeKey("k", "rw-r--r--");
        n1.writeConfig(CarpdNode.carp0(1, 0, key));
        Process p = n1.startProcess();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "carpd must exit");
        assertNotEquals(0, p.exitValue());
        assertTrue(n1.log().contains(key.toString()), n1.log());
        assertTrue(!n1.hasVip4() && !n1.hasVip6());
    }

    @Test
    void onMasterHookSeesItsEnvironment() throws Exception {
        Path out = n1.dir().resolve("hook.env");
        Path hook = n1.dir().resolve("on-master.sh");
        Files.writeString(hook, "#!/bin/sh\nenv | grep '^CARP_' | sort > " + out + ".tmp && mv " + out + ".tmp " + out + "\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("k"), "on-master", hook.toString()));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(out) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(out), "hook did not run; log:\n" + n1.log());
        String env = Files.readString(out);
        for (String expected : new String[] {"CARP_IF=carp0", "CARP_VHID=1", "CARP_STATE=MASTER",
                "CARP_PREV_STATE=BACKUP", "CARP_REASON=master down", "CARP_ADDRS="}) {
            assertTrue(env.contains(expected), "missing " + expected + " in:\n" + env);
        }
        assertTrue(env.contains("198.18.0.10") && env.contains("2001:db8::10"), env);
    }
}
