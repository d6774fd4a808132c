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

import org.carpd.testing.lab.HolderSampler;
import org.carpd.testing.lab.HolderTimeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health trackers in real daemons: h1 (advskew 0) and h2 (advskew 100), both preempting, each
 * with an uplink veth (up0, its peer up0p in the same namespace) that is not a carpdev. Cutting
 * h1's uplink (its peer set down: up0 loses carrier) or failing h1's script check demotes h1's
 * group carp by 50 and h2 takes over; restoring it hands mastership back. The VIP holders are
 * sampled every 250 ms throughout.
 */
class TrackerFailoverIT extends TwoNodeLabTest {
    /** A demoted master advertises at once, and h2 preempts it; generous for a loaded machine. */
    private static final Duration HANDOVER = Duration.ofMillis(1500);
    /**
     * Back to h1: the kernel reports carrier-on up to 1 s late (linkwatch), and h1, now BACKUP,
     * preempts at h2's next advertisement (h2 advertises every 1 + 100/256 s).
     */
    private static final Duration HANDBACK = Duration.ofMillis(3000);

    @BeforeEach
    void up() throws Exception {
        createLab();
        for (var h : lab.hosts()) {
            h.exec("ip", "link", "add", "up0", "type", "veth", "peer", "name", "up0p").requireSuccess();
            h.exec("ip", "link", "set", "up0p", "up").requireSuccess();
            h.exec("ip", "link", "set", "up0", "up").requireSuccess();
        }
    }

    private Path checkScript(CarpdNode n) throws Exception {
        Path script = n.dir().resolve("check-web");
        Files.writeString(script, "#!/bin/sh\n# fails while the test's flag file exists\n[ ! -e " + n.dir().resolve("web-down")
                + " ] || { echo 'web is down (flag file)' >&2; exit 1; }\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private void startPair() throws Exception {
        for (CarpdNode n : List.of(n1, n2)) {
            int skew = n == n1 ? 0 : 100;
            n.writeConfig("set preempt on\n" + CarpdNode.carp0(1, skew, n.writeKey("lab-secret"))
                    + "track uplink interface up0 demote carp 50\n"
                    + "track web script \"" + checkScript(n) + " --quiet\" interval 1 timeout 1 rise 2 fall 2"
                    + " demote carp 50\n");
        }
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.start();
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /**
     * Breaks h1's check at {@code cut}, repairs it about 4 s later, and asserts from the samples: h1
     * until the cut, h2 alone from cut + {@code failAfter}, h1 alone again from the repair + {@code
     * recoverAfter}; never two holders for longer than one sample.
     */
    private void failAndRecover(Runnable breakIt, Runnable repair, Duration failAfter, Duration recoverAfter,
                                String failedLog) throws Exception {
        try (HolderSampler sampler = HolderSampler.start(lab, lab.hosts(), List.of(CarpdNode.VIP4, CarpdNode.VIP6))) {
            Thread.sleep(2000);
            Instant cut = Instant.now();
            breakIt.run();
            var taken = n2.awaitTransition("MASTER", cut, failAfter.plusSeconds(5));
            String during = n1.ctl("track").requireSuccess().output();
            String json = n1.ctl("--json", "track").requireSuccess().output();
            sleepUntil(cut.plusSeconds(4));
            Instant repaired = Instant.now();
            repair.run();
            var back = n1.awaitTransition("MASTER", repaired, recoverAfter.plusSeconds(5));
            sleepUntil(repaired.plus(recoverAfter).plusMillis(1500));
            HolderTimeline holders = sampler.stop();
            String why = "\nv4 holders:\n" + holders.render(CarpdNode.VIP4) + "\nh1 log:\n" + n1.log() + "\nh2 log:\n"
                    + n2.log();

            assertTrue(Duration.between(cut, taken.time()).compareTo(failAfter) <= 0,
                    "h2 took over " + Duration.between(cut, taken.time()).toMillis() + " ms after the cut" + why);
            assertTrue(Duration.between(repaired, back.time()).compareTo(recoverAfter) <= 0,
                    "h1 came back " + Duration.between(repaired, back.time()).toMillis() + " ms after the repair" + why);
            for (String vip : List.of(CarpdNode.VIP4, CarpdNode.VIP6)) {
                // a sample reads both hosts one after the other; one begun just before the cut may see the handover
                assertEquals("h1", holders.between(holders.samples().get(0).at(), cut.minusSeconds(1))
                        .assertExactlyOneHolderFrom(vip, holders.samples().get(0).at()), why);
                assertEquals("h2", holders.between(cut, repaired).assertExactlyOneHolderFrom(vip,
                        cut.plus(failAfter).plusMillis(250)), why);
                assertEquals("h1", holders.assertExactlyOneHolderFrom(vip, repaired.plus(recoverAfter).plusMillis(250)), why);
                holders.assertNeverTwoHoldersLongerThan(vip, Duration.ofMillis(400));
            }
            assertTrue(n1.log().contains(failedLog), "h1 logs why: " + failedLog + why);
            assertTrue(during.contains("FAILED") && during.contains("holds carp 50"), during);
            assertTrue(json.contains("\"state\":\"FAILED\"") && json.contains("\"held\":{\"carp\":50}"), json);
            assertTrue(n1.ctl().requireSuccess().output().contains("carp: MASTER vhid 1 advbase 1 advskew 0 demote 0"),
                    "the share is released exactly: " + n1.ctl().output());
            assertTrue(n2.transitions().stream().noneMatch(t -> t.to().equals("INIT")), why);
        }
    }

    @Test
    void cuttingTheMastersUplinkHandsMastershipOverAndRestoringItHandsItBack() throws Exception {
        startPair();
        failAndRecover(() -> lab.host(1).exec("ip", "link", "set", "up0p", "down").requireSuccess(),
                () -> lab.host(1).exec("ip", "link", "set", "up0p", "up").requireSuccess(),
                HANDOVER, HANDBACK, "track uplink: failed (up0 has no carrier): demoting group carp by 50");
        assertTrue(n1.log().contains("track uplink: recovered (up0 is up): lifting its demotion of group carp (50)"),
                n1.log());

        // A reload with the trackers unchanged: no false failure, no handover.
        Instant hup = Instant.now();
        try (HolderSampler sampler = HolderSampler.start(lab, lab.hosts(), List.of(CarpdNode.VIP4))) {
            n1.signal("HUP");
            n1.awaitLog("configuration reloaded", Duration.ofSeconds(10));
            Thread.sleep(3000); // longer than the script's fall of 2 runs at 1 s
            HolderTimeline holders = sampler.stop();
            assertEquals("h1", holders.assertExactlyOneHolderFrom(CarpdNode.VIP4, hup), holders.render(CarpdNode.VIP4));
        }
        assertTrue(n1.transitions().stream().noneMatch(t -> !t.time().isBefore(hup)), n1.transitions().toString());
        assertEquals(1, n1.log().split("track uplink: failed", -1).length - 1, n1.log());
    }

    @Test
    void aFailingScriptHandsMastershipOverAndItsRecoveryHandsItBack() throws Exception {
        startPair();
        Path flag = n1.dir().resolve("web-down");
        // fall 2 and rise 2 at interval 1: the second run that sees the change is at most 2 s after it;
        // going back also waits for h2's next advertisement (1.4 s)
        failAndRecover(() -> touch(flag), () -> delete(flag), Duration.ofMillis(3000), Duration.ofMillis(4000),
                "track web: failed (exit 1, 2 times; stderr: web is down (flag file)): demoting group carp by 50");
        assertFalse(n2.log().contains("track web: failed"), "h2's own check kept passing");

        // carpctl adds, shows, prints back and removes a tracker on the running daemon
        n1.ctl("track", "spare", "interface", "up1", "demote", "carp", "5").requireSuccess();
        String spare = n1.ctl("track", "spare").requireSuccess().output();
        assertTrue(spare.startsWith("track spare: interface up1: FAILED") && spare.contains("up1 does not exist")
                && spare.contains("holds carp 5 of carp 5"), spare);
        assertTrue(n1.ctl().requireSuccess().output().contains("advskew 0 demote 5"), n1.ctl().output());
        String config = n1.ctl("show-config").requireSuccess().output();
        assertTrue(config.contains("track web script \"" + checkScript(n1) + " --quiet\" interval 1 timeout 1 rise 2"
                + " fall 2 demote carp 50"), config);
        assertTrue(config.contains("track spare interface up1 demote carp 5"), config);
        n1.ctl("track", "spare", "destroy").requireSuccess();
        assertEquals(2, n1.ctl("track", "spare").exitCode());
        assertTrue(n1.ctl().requireSuccess().output().contains("advskew 0 demote 0"), n1.ctl().output());
        assertTrue(n1.log().contains("carpctl by root (uid 0): track spare interface up1 demote carp 5"), n1.log());
    }

    @Test
    void anInterfaceThatAppearsAfterTheStartLiftsTheDemotionItHeldFromTheStart() throws Exception {
        n1.writeConfig("set preempt on\n" + CarpdNode.carp0(1, 0, n1.writeKey("lab-secret"))
                + "track late interface late0 demote carp 50\n");
        n2.writeConfig("set preempt on\n" + CarpdNode.carp0(1, 100, n2.writeKey("lab-secret")));
        n2.start();
        n2.awaitState("MASTER", Duration.ofSeconds(15));
        n1.start();
        try (HolderSampler sampler = HolderSampler.start(lab, lab.hosts(), List.of(CarpdNode.VIP4))) {
            Thread.sleep(5000); // h1 would have preempted long ago without its demotion
            assertEquals("BACKUP", n1.state());
            String before = n1.ctl("track").requireSuccess().output();
            Instant created = Instant.now();
            lab.host(1).exec("ip", "link", "add", "late0", "type", "veth", "peer", "name", "late0p").requireSuccess();
            lab.host(1).exec("ip", "link", "set", "late0p", "up").requireSuccess();
            lab.host(1).exec("ip", "link", "set", "late0", "up").requireSuccess();
            var t = n1.awaitTransition("MASTER", created, Duration.ofSeconds(8));
            Thread.sleep(1500);
            HolderTimeline holders = sampler.stop();
            String why = "\nholders:\n" + holders.render(CarpdNode.VIP4) + "\nh1 log:\n" + n1.log();
            assertTrue(before.contains("FAILED") && before.contains("late0 does not exist")
                    && before.contains("holds carp 50"), before);
            assertTrue(Duration.between(created, t.time()).compareTo(HANDBACK) <= 0,
                    "h1 took over " + Duration.between(created, t.time()).toMillis() + " ms after late0 came up" + why);
            assertEquals("h2", holders.between(holders.samples().get(0).at(), created.minusSeconds(1))
                    .assertExactlyOneHolderFrom(CarpdNode.VIP4, holders.samples().get(0).at()), why);
            assertEquals("h1", holders.assertExactlyOneHolderFrom(CarpdNode.VIP4, t.time().plusMillis(500)), why);
            assertTrue(n1.log().contains("track late: failed (late0 does not exist): demoting group carp by 50"), why);
            assertTrue(n1.log().contains("track late: recovered (late0 is up): lifting its demotion of group carp (50)"),
                    why);
        }
    }

    private static void touch(Path p) {
        try {
            Files.writeString(p, "down\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
