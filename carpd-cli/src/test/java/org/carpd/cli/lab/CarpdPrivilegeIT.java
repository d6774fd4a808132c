package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.frame.PacketTransport;
import org.junit.jupiter.api.Test;

/**
 * carpd run the way the systemd unit runs it (nobody, only CAP_NET_RAW + CAP_NET_ADMIN) next to a
 * root-run peer: roles, VIPs, a fast clean SIGTERM, and carpctl changes seen on the wire by the
 * client. Also the unit's {@code systemd-analyze security} score.
 */
class CarpdPrivilegeIT extends TwoNodeLabTest {
    /** CAP_NET_ADMIN (12) and CAP_NET_RAW (13), as /proc/PID/status prints capability sets. */
    private static final String NET_RAW_AND_NET_ADMIN = "0000000000003000";

    /** h1 (runs carpd as nobody) and h2 (runs carpd as root) on a fresh lab. */
    private void lab() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "setpriv (util-linux) not installed");
        // @TempDir is 0700 root; nobody must reach its own node directory below it
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        createLab();
        n1.runAsNobody();
    }

    /** h1 (nobody, advskew 0) becomes MASTER, h2 (root, advskew 100) BACKUP. */
    private void startPair() throws Exception {
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("lab-secret")));
        n2.writeConfig(CarpdNode.carp0(1, 100, n2.writeKey("lab-secret")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
    }

    private static String statusField(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s*(.*)$").matcher(status);
        if (!m.find()) {
            fail("no " + name + " in /proc/PID/status:\n" + status);
        }
        return m.group(1).strip();
    }

    @Test
    void unprivilegedMasterWorksWithARootPeerAndStopsCleanlyOnSigterm() throws Exception {
        lab();
        startPair();

        String status = n1.procStatus();
        int nobody = (Integer) Files.getAttribute(n1.dir(), "unix:uid");
        for (String id : statusField(status, "Uid").split("\\s+")) {
            assertEquals(nobody, Integer.parseInt(id), "real, effective, saved and fs uid are nobody:\n" + status);
        }
        for (String set : List.of("CapEff", "CapPrm", "CapBnd")) {
            assertEquals(NET_RAW_AND_NET_ADMIN, statusField(status, set), set + " is exactly net_raw + net_admin");
        }
        // As the unit runs it: the check for a crashed carpd's balancing tables works over nfnetlink,
        // so without a balanced interface libnftables is never loaded (docs/benchmarks.md, stop 21);
        // frames go through packet sockets bound with jnr-ffi: neither libpcap nor JNA.
        String maps = Files.readString(Path.of("/proc", Long.toString(n1.process().pid()), "maps"));
        for (String library : List.of("libnftables", "libpcap", "jnidispatch")) {
            assertFalse(maps.contains(library), library + " among the libraries mapped:\n" + maps);
        }
        assertTrue(maps.contains("jffi"), "jnr-ffi's stub mapped:\n" + maps);
        assertTrue(n1.hasVip4() && n1.hasVip6(), "unprivileged master added both VIPs");
        assertFalse(n2.hasVip4() || n2.hasVip6(), "backup holds no VIP");
        lab.client().exec("ping", "-n", "-c", "1", "-W", "1", CarpdNode.VIP4).requireSuccess();
        lab.client().exec("ping", "-n", "-c", "1", "-W", "1", CarpdNode.VIP6).requireSuccess();

        Instant signalled = Instant.now();
        long t0 = System.nanoTime();
        n1.signal("TERM");
        assertTrue(n1.process().waitFor(5, TimeUnit.SECONDS), "carpd exits on SIGTERM");
        long exitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Instant exited = Instant.now();
        assertEquals(0, n1.process().exitValue(), "exit status; log:\n" + n1.log());
        assertTrue(exitMs <= 1000, "exited " + exitMs + " ms after SIGTERM");
        // nothing else removes addresses when a process ends, so they went before the exit
        assertFalse(n1.hasVip4() || n1.hasVip6(), "the stopped master removed its VIPs");
        var takeover = n2.awaitTransition("MASTER", signalled, Duration.ofSeconds(2));
        assertEquals("master bowed out", takeover.reason());
        assertFalse(takeover.time().isAfter(exited), "backup took over (" + takeover.time()
                + ") before the master had exited (" + exited + ")");
        n2.awaitLog("carp0: state transition: BACKUP -> MASTER (master bowed out)", Duration.ofSeconds(2));

        // restarted (preempt off) the unprivileged node hears the root master and stays BACKUP
        n1.start();
        n1.awaitState("BACKUP", Duration.ofSeconds(5));
        Thread.sleep(3500); // past h1's master-down interval
        assertEquals("BACKUP", n1.state(), "log:\n" + n1.log());
        assertEquals("MASTER", n2.state());
        assertFalse(n1.hasVip4() || n1.hasVip6(), "unprivileged backup holds no VIP");
        assertFalse(n1.log().contains("WARN") || n1.log().contains("ERROR"), "warnings as nobody:\n" + n1.log());
    }

    /** One advertisement from h1 as the client heard it. */
    private record Heard(long nanos, boolean ipv6, Advertisement ad) {
    }

    /** Waits for an advertisement heard after {@code afterNanos} that matches. */
    private static Heard await(List<Heard> heard, long afterNanos, Predicate<Advertisement> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Heard h : heard) {
                if (h.nanos() > afterNanos && match.test(h.ad())) {
                    return h;
                }
            }
            Thread.sleep(5);
        }
        fail("no matching advertisement within " + timeout + "; heard " + heard);
        return null;
    }

    @Test
    void carpctlChangesOnTheUnprivilegedMasterShowUpOnTheWire() throws Exception {
        lab();
        startPair();
        MacAddress master = lab.host(1).mac();
        List<Heard> heard = new CopyOnWriteArrayList<>();
        try (PacketTransport capture = lab.client().runInNamespace(() -> PacketTransport.open("eth0", (f, n) -> {
            long now = System.nanoTime();
            if (AdvertisementCodec.decodeFrame(f, 0, n) instanceof DecodeResult.Accepted a
                    && a.packet().sourceMac().equals(master)) {
                heard.add(new Heard(now, a.packet().ipv6(), a.packet().advertisement()));
            }
        }))) {
            assertEquals(0, await(heard, 0, ad -> true, Duration.ofSeconds(3)).ad().advskew());

            n1.ctl("carp0", "advskew", "77").requireSuccess();
            long changed = System.nanoTime();
            Thread.sleep(2800); // two intervals of 1 s + 77/256 s
            List<Heard> after = heard.stream().filter(h -> h.nanos() > changed).toList();
            assertTrue(after.size() >= 2, "advertisements after the change: " + after);
            assertTrue(after.stream().allMatch(h -> h.ad().advskew() == 77), "all carry advskew 77: " + after);
            assertTrue(after.stream().anyMatch(Heard::ipv6) && after.stream().anyMatch(h -> !h.ipv6()),
                    "both families advertise: " + after);

            // right after a periodic advertisement, so the next periodic one is 1.3 s away
            Heard periodic = await(heard, System.nanoTime(), ad -> true, Duration.ofSeconds(3));
            n1.ctl("-g", "carp", "carpdemote", "5").requireSuccess();
            long demoted = System.nanoTime();
            Heard first = await(heard, periodic.nanos(), ad -> ad.demote() != 0, Duration.ofSeconds(3));
            assertEquals(5, first.ad().demote());
            assertEquals(240, first.ad().advskew(), "demote-mode both: demoted, it also advertises advskew 240");
            long sinceCtl = TimeUnit.NANOSECONDS.toMillis(first.nanos() - demoted);
            long sincePeriodic = TimeUnit.NANOSECONDS.toMillis(first.nanos() - periodic.nanos());
            assertTrue(sinceCtl <= 100, "demoted advertisement " + sinceCtl + " ms after carpctl returned");
            assertTrue(sincePeriodic < 1200, "not the next periodic advertisement (" + sincePeriodic
                    + " ms after the last one)");
        }
        // a backup always takes over from a master with a higher demote count, preempt or not
        n2.awaitState("MASTER", Duration.ofSeconds(2));
        n1.awaitState("BACKUP", Duration.ofSeconds(2));
    }

    @Test
    void systemdUnitExposureIsAtMostTwo() throws Exception {
        double exposure = Double.parseDouble(UnitExposure.of("carpd.service"));
        assertTrue(exposure <= 2.0, "exposure " + exposure);
    }
}
