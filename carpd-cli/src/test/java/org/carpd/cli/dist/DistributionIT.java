package org.carpd.cli.dist;

import static org.carpd.cli.testing.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.carpd.cli.testing.CommandRun;
import org.carpd.cli.posix.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the packaged tree (target/carpd, after {@code mvn package}) and runs it end to end with
 * a demo daemon: launchers, exec (signals reach the JVM), sd_notify, reload, stop, and peer
 * credential checks for a non-member user (root only).
 */
class DistributionIT {
    private static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    private static final Path TARBALL = Path.of(System.getProperty("carpd.dist.tarball", "missing"));

    @TempDir
    Path tmp;



    @Test
    void treeHasExecutableLaunchersJarsAndFiles() throws Exception {
        for (String launcher : List.of("bin/carpd", "bin/carpctl", "bin/carpd-notify", "notify/conntrackd")) {
            Path p = DIST.resolve(launcher);
            assertTrue(Files.isRegularFile(p) && Files.isExecutable(p), p + " executable");
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
        List<String> jars;
        try (Stream<Path> s = Files.list(DIST.resolve("lib"))) {
            jars = s.map(p -> p.getFileName().toString()).toList();
        }
        for (String prefix : List.of("carpd-cli-", "carpd-net-", "carpd-core-", "picocli-", "logback-classic-",
                "slf4j-api-", "jffi-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix)), prefix + " in " + jars);
        }
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("junit") || j.startsWith("src-test-fixtures")), jars.toString());
        assertTrue(Files.isRegularFile(DIST.resolve("systemd/carpd.service")));
        assertTrue(Files.isRegularFile(DIST.resolve("systemd/carpd-notify.service")));
        assertTrue(Files.isDirectory(DIST.resolve("etc")));

        CommandRun tar = run(Map.of(), "tar", "tzvf", TARBALL.toString());
        assertEquals(0, tar.status(), tar.err());
        assertTrue(tar.out().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith("/bin/carpctl")), tar.out());
    }

    @Test
    void carpctlReportsAnUnreachableDaemonAndVersion() throws Exception {
        Path sock = tmp.resolve("none.sock");
        CommandRun r = run(Map.of(), DIST.resolve("bin/carpctl").toString(), "-s", sock.toString(), "status");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cannot connect to carpd control socket " + sock), r.err());
        CommandRun viaEnv = run(Map.of("CARPD_SOCKET", sock.toString()), DIST.resolve("bin/carpctl").toString(), "status");
        assertTrue(viaEnv.err().contains(sock.toString()), viaEnv.err());
        CommandRun version = run(Map.of(), DIST.resolve("bin/carpctl").toString(), "--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("carpctl 0."), version.out());
        CommandRun missing = run(Map.of(), DIST.resolve("bin/carpd").toString(), "--check", "-c", "/nonexistent");
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("cannot read configuration /nonexistent"), missing.err());
        assertEquals(2, run(Map.of(), DIST.resolve("bin/carpd").toString(), "--bogus").status());
    }

    @Test
    void daemonRunsReloadsAndStopsOnSignals() throws Exception {
        // The real daemon with a configuration without carp interfaces: no network needed.
        Path home = DIST;
        Path conf = Files.writeString(tmp.resolve("carpd.conf"), "set preempt off\n");
        Path runDir = Files.createDirectory(tmp.resolve("run"));
        Path sock = runDir.resolve("carpd.sock");
        String carpctl = home.resolve("bin/carpctl").toString();
        assertEquals(0, run(Map.of(), home.resolve("bin/carpd").toString(), "--check", "-c", conf.toString()).status());

        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(tmp.resolve("notify").toString())) {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/carpd").toString(), "--foreground",
                    "-c", conf.toString(), "--socket", sock.toString(), "--control-group", "nogroup",
                    "--state-dir", runDir.toString());
            pb.environment().put("NOTIFY_SOCKET", tmp.resolve("notify").toString());
            pb.environment().remove("INVOCATION_ID");
            pb.environment().remove("JOURNAL_STREAM");
            pb.redirectErrorStream(true).redirectOutput(tmp.resolve("carpd.log").toFile());
            Process daemon = pb.start();
            try {
                assertEquals(List.of("STATUS=no carp interfaces", "READY=1"), receive(systemd, 2));
                assertEquals(new CommandRun(0, "", ""), run(Map.of(), carpctl, "-s", sock.toString(), "status"));
                assertEquals(2, run(Map.of(), carpctl, "-s", sock.toString(), "frobnicate").status());
                assertEquals(2, run(Map.of(), carpctl, "-s", sock.toString(), "-g", "carp", "status").status());

                // The launcher exec'd the JVM, so this pid is carpd itself.
                Files.writeString(conf, "set preempt on\n");
                run(Map.of(), "kill", "-HUP", Long.toString(daemon.pid()));
                assertTrue(receive(systemd, 1).get(0).startsWith("RELOADING=1"));
                // The new configuration's status line, then ready again.
                assertEquals(List.of("STATUS=no carp interfaces", "READY=1"), receive(systemd, 2));
                assertTrue(run(Map.of(), carpctl, "-s", sock.toString(), "show-config").out().contains("set preempt on"));

                Files.writeString(conf, "set preempt maybe\n");
                run(Map.of(), "kill", "-HUP", Long.toString(daemon.pid()));
                receive(systemd, 2);
                assertTrue(run(Map.of(), carpctl, "-s", sock.toString(), "show-config").out().contains("set preempt on"),
                        "bad reload keeps the daemon running with the old configuration");

                checkPeerCredentials(carpctl, sock);

                run(Map.of(), "kill", "-TERM", Long.toString(daemon.pid()));
                assertEquals(List.of("STOPPING=1"), receive(systemd, 1));
                assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, daemon.exitValue());
                assertFalse(Files.exists(sock), "socket removed on stop");
            } finally {
                daemon.destroyForcibly();
            }
            String log = Files.readString(tmp.resolve("carpd.log"));
            assertTrue(log.contains("reload failed, still running the previous configuration"), log);
            assertTrue(log.contains("carpd stopping (SIGTERM)"), log);
        }
    }

    /** As root: a non-member (nobody, gid 1) is refused by SO_PEERCRED; nobody with group nogroup is allowed. */
    private void checkPeerCredentials(String carpctl, Path sock) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv"));
        if (!root || !setpriv) {
            System.err.println("skipping peer-credential check: needs root and /usr/bin/setpriv");
            return;
        }
        Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw-rw-")); // let the file mode pass
        Files.setPosixFilePermissions(sock.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String java = ProcessHandle.current().info().command().orElse("java");
        assumeTrue(Files.isExecutable(Path.of(java)));
        CommandRun refused = run(Map.of("JAVA_HOME", Path.of(java).getParent().getParent().toString()),
                "setpriv", "--reuid=65534", "--regid=1", "--clear-groups", carpctl, "-s", sock.toString(), "status");
        assertEquals(77, refused.status(), refused.toString());
        assertTrue(refused.err().contains("permission denied: user nobody is not root and not a member of group nogroup"),
                refused.err());
        CommandRun allowed = run(Map.of("JAVA_HOME", Path.of(java).getParent().getParent().toString()),
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", carpctl, "-s", sock.toString(), "status");
        assertEquals(0, allowed.status(), allowed.toString());
    }

    private static List<String> receive(UnixDatagramReceiver r, int count) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String m = r.receive(30_000);
            assertTrue(m != null, "sd_notify message " + (i + 1) + " of " + count + " after " + got);
            got.add(m);
        }
        return got;
    }

    @SuppressWarnings("unused")
    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }
}
