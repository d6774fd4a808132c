package org.carpd.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.testing.lab.ExecResult;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * carpd and a real ucarp 1.5.2 share one virtual IPv4 address (same vhid, passphrase and VIP) in
 * the namespace lab, and each takes over from the other. That carpd stays BACKUP behind ucarp (and
 * ucarp behind carpd) with no authentication drops proves the HMAC is compatible on the wire.
 * Needs root, ucarp on the PATH and the packaged distribution ({@code mvn package}).
 */
class UcarpInteropIT {
    private static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    private static final String VIP = "198.18.0.10";
    private static final String PASS = "interop-pass"; // ucarp uses at most 20 bytes
    private static final int BACKUP_SKEW = 100;
    /** Master-down time of the backup, 3 * (advbase + skew/256) as carpd and ucarp use, plus polling slack. */
    private static final Duration TAKEOVER_LIMIT = Duration.ofMillis(3 * (1000 + BACKUP_SKEW * 1000 / 256) + 1500);

    private static NetnsLab lab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void up() {
        NetnsLab.assumeAvailable();
        assumeTrue(commandExists("ucarp"), "ucarp interop skipped: ucarp not installed (apt-get install ucarp)");
        assumeTrue(Files.isExecutable(DIST.resolve("bin/carpd")),
                "ucarp interop skipped: no packaged carpd at " + DIST + " (run mvn package)");
        lab = NetnsLab.create(2);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void carpdBackupTakesOverWhenUcarpMasterIsKilled() throws Exception {
        LabHost ucarpHost = lab.host(1);
        LabHost carpdHost = lab.host(2);
        Process ucarp = startUcarp(ucarpHost, 7, 0);
        Process carpd = null;
        try {
            awaitTrue(Duration.ofSeconds(8), () -> hasVip(ucarpHost), "ucarp never became master");
            carpd = startCarpd(carpdHost, 7, BACKUP_SKEW);
            Path sock = tmp.resolve("carpd.sock");
            awaitTrue(Duration.ofSeconds(15), () -> status(sock).contains("carp: BACKUP"), "carpd not BACKUP");
            // Longer than carpd's master-down interval: only accepted advertisements keep it BACKUP.
            Thread.sleep(4500);
            String status = status(sock);
            assertTrue(status.contains("carp: BACKUP"), "carpd must stay BACKUP behind ucarp:\n" + status);
            String stats = carpctl(sock, "stats");
            assertTrue(counter(stats, "packets received \\(IPv4\\)") >= 3, stats);
            assertEquals(0, counter(stats, "discarded for bad authentication"), stats);
            assertEquals(0, counter(stats, "discarded for bad checksum"), stats);
            assertFalse(hasVip(carpdHost), "VIP must only be on the ucarp host");

            ucarp.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            // A crashed ucarp never runs its down-script; drop the address as the dead host would.
            ucarpHost.exec("ip", "addr", "del", VIP + "/24", "dev", "eth0").requireSuccess();
            long killed = System.nanoTime();
            awaitTrue(TAKEOVER_LIMIT, () -> status(sock).contains("carp: MASTER"),
                    "carpd did not become MASTER within " + TAKEOVER_LIMIT);
            long tookMs = (System.nanoTime() - killed) / 1_000_000;
            assertTrue(tookMs >= 2500, "took over too early (" + tookMs + " ms): master-down is 3 s");
            assertTrue(hasVip(carpdHost), "carpd MASTER must hold the VIP");
            awaitTrue(Duration.ofSeconds(5), () -> lab.client().exec("ping", "-c1", "-W1", VIP).ok(),
                    "client cannot ping the VIP after carpd took over");
        } finally {
            stop(carpd);
            stop(ucarp);
        }
    }

    @Test
    void ucarpBackupTakesOverWhenCarpdMasterStops() throws Exception {
        LabHost carpdHost = lab.host(1);
        LabHost ucarpHost = lab.host(2);
        Path sock = tmp.resolve("carpd.sock");
        Process carpd = startCarpd(carpdHost, 9, 0);
        Process ucarp = null;
        try {
            awaitTrue(Duration.ofSeconds(15), () -> status(sock).contains("carp: MASTER"), "carpd never MASTER");
            ucarp = startUcarp(ucarpHost, 9, BACKUP_SKEW);
            // ucarp starts BACKUP and would claim the address after 3 s if it rejected carpd's adverts.
            Thread.sleep(5000);
            assertFalse(ucarpLog().contains("Switching to state: MASTER"), "ucarp must stay BACKUP:\n" + ucarpLog());
            assertFalse(hasVip(ucarpHost), "VIP must only be on the carpd host");
            assertTrue(hasVip(carpdHost));

            carpd.destroy(); // SIGTERM: carpd resigns and removes the address
            assertTrue(carpd.waitFor(10, TimeUnit.SECONDS), "carpd did not exit on SIGTERM");
            assertFalse(hasVip(carpdHost), "stopped carpd must remove the VIP");
            awaitTrue(TAKEOVER_LIMIT, () -> hasVip(ucarpHost), "ucarp did not take over:\n" + ucarpLog());
            assertTrue(ucarpLog().contains("Switching to state: MASTER"), ucarpLog());
            awaitTrue(Duration.ofSeconds(5), () -> lab.client().exec("ping", "-c1", "-W1", VIP).ok(),
                    "client cannot ping the VIP after ucarp took over");
        } finally {
            stop(ucarp);
            stop(carpd);
        }
    }

    /**
     * {@code carpctl decode -i} live: on a client, ucarp's advertisements with their HMAC checked
     * against the pass-file (and refused with another one); on the master's own host, the
     * advertisements it sends (decode reads both directions).
     */
    @Test
    void carpctlDecodeLiveChecksUcarpsAdvertisements() throws Exception {
        LabHost ucarpHost = lab.host(1);
        Process ucarp = startUcarp(ucarpHost, 5, 0);
        try {
            awaitTrue(Duration.ofSeconds(8), () -> hasVip(ucarpHost), "ucarp never became master");
            Path key = tmp.resolve("decode.key");
            Files.writeString(key, PASS);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            String carpctl = DIST.resolve("bin/carpctl").toString();
            ExecResult ok = lab.client().exec(Duration.ofSeconds(20), carpctl, "decode", "-i", "eth0", "-c", "2",
                    "--pass-file", key.toString(), VIP);
            assertEquals(0, ok.exitCode(), ok.output());
            assertEquals(2, ok.output().lines().filter(l -> l.contains(" vhid 5 ") && l.contains("hmac ok")).count(),
                    ok.output());
            Files.writeString(key, "another-pass");
            ExecResult wrong = lab.client().exec(Duration.ofSeconds(20), carpctl, "decode", "-i", "eth0", "-c", "1",
                    "--pass-file", key.toString(), VIP);
            assertEquals(1, wrong.exitCode(), wrong.output());
            assertTrue(wrong.output().contains("hmac MISMATCH"), wrong.output());
            ExecResult own = ucarpHost.exec(Duration.ofSeconds(20), carpctl, "decode", "-i", "eth0", "-c", "1");
            assertEquals(0, own.exitCode(), own.output());
            assertTrue(own.output().contains(" vhid 5 "), own.output());
        } finally {
            stop(ucarp);
        }
    }

    private Process startUcarp(LabHost host, int vhid, int skew) throws IOException {
        Path upScript = script("vip-up", "ip addr add \"$2\"/24 dev \"$1\"");
        Path downScript = script("vip-down", "ip addr del \"$2\"/24 dev \"$1\" 2>/dev/null || true");
        // -z: run the down-script on a clean exit, so a stopped ucarp leaves no address behind.
        return host.spawn(tmp.resolve("ucarp.log"), "ucarp", "-i", "eth0", "-s", host.ipv4().getHostAddress(),
                "-v", String.valueOf(vhid), "-p", PASS, "-k", String.valueOf(skew), "-b", "1", "-a", VIP,
                "-u", upScript.toString(), "-d", downScript.toString(), "-z");
    }

    private Process startCarpd(LabHost host, int vhid, int skew) throws IOException {
        Path key = tmp.resolve("carp.key");
        Files.writeString(key, PASS);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path conf = tmp.resolve("carpd.conf");
        Files.writeString(conf, "carp0 carpdev eth0 lladdr carpdev vhid " + vhid + " advbase 1 advskew " + skew
                + " pass-file " + key + " " + VIP + "/24\n");
        return host.spawn(tmp.resolve("carpd.log"), DIST.resolve("bin/carpd").toString(), "--foreground",
                "-c", conf.toString(), "--socket", tmp.resolve("carpd.sock").toString(),
                "--state-dir", tmp.toString());
    }

    private Path script(String name, String body) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private String ucarpLog() {
        try {
            return Files.readString(tmp.resolve("ucarp.log"));
        } catch (IOException e) {
            return "(no ucarp log: " + e.getMessage() + ")";
        }
    }

    private static boolean hasVip(LabHost host) {
        return host.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0").output().contains(" " + VIP + "/");
    }

    private static String status(Path sock) {
        return carpctl(sock, "status");
    }

    private static String carpctl(Path sock, String... words) {
        String[] cmd = new String[3 + words.length];
        cmd[0] = DIST.resolve("bin/carpctl").toString();
        cmd[1] = "-s";
        cmd[2] = sock.toString();
        System.arraycopy(words, 0, cmd, 3, words.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "carpctl failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The first value of a "N what" line of {@code carpctl stats} (the first block is the interface's). */
    private static long counter(String stats, String what) {
        Matcher m = Pattern.compile("(\\d+) " + what).matcher(stats);
        if (!m.find()) {
            fail("no '" + what + "' in carpctl stats:\n" + stats);
        }
        return Long.parseLong(m.group(1));
    }

    private static void awaitTrue(Duration limit, BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message);
            }
            Thread.sleep(100);
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean commandExists(String name) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + name).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
