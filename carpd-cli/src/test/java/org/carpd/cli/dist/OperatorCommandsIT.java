package org.carpd.cli.dist;

import static org.carpd.cli.testing.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.carpd.cli.testing.CommandRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator runs against the packaged daemon (target/carpd, a configuration without carp
 * interfaces, so no network is needed): the unit's ExecReload and its exit status, carpctl as a
 * user the socket's file modes keep out, and the process name that pidof and pgrep see.
 */
class OperatorCommandsIT {
    private static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    private static final Path UNIT = Path.of("..", "systemd", "carpd.service");

    @TempDir
    Path tmp;

    private Process daemon;
    private Path conf;

    /** Starts bin/carpd with control group nogroup; its socket directory (created by carpd) is {@code tmp/run}. */
    private Path startDaemon() throws Exception {
        conf = Files.writeString(tmp.resolve("carpd.conf"), "set preempt off\n");
        Path sock = tmp.resolve("run/carpd.sock");
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/carpd").toString(), "--foreground", "-c",
                conf.toString(), "--socket", sock.toString(), "--control-group", "nogroup", "--state-dir", tmp.toString());
        pb.environment().remove("INVOCATION_ID");
        pb.environment().remove("JOURNAL_STREAM");
        pb.environment().remove("NOTIFY_SOCKET");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("carpd.log").toFile());
        daemon = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(sock)) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                fail("carpd did not start:\n" + log());
            }
            Thread.sleep(20);
        }
        return sock;
    }

    private String log() throws Exception {
        return Files.readString(tmp.resolve("carpd.log"));
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    /** The unit's ExecReload= command line, with the installed /usr/lib/carpd replaced by the tree under test. */
    private static List<String> execReload() throws Exception {
        String line = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecReload="))
                .findFirst().orElseThrow(() -> new AssertionError("no ExecReload= in " + UNIT));
        List<String> cmd = new ArrayList<>();
        for (String word : line.substring("ExecReload=".length()).strip().split("\\s+")) {
            assertFalse(word.contains("$"), "ExecReload needs no variables: " + line);
            cmd.add(word.replace("/usr/lib/carpd", DIST.toAbsolutePath().toString()));
        }
        return cmd;
    }

    @Test
    void unitReloadFailsWithTheDaemonsReasonWhenTheFileIsBad() throws Exception {
        Path sock = startDaemon();
        Map<String, String> env = Map.of("CARPD_SOCKET", sock.toString());
        String carpctl = DIST.resolve("bin/carpctl").toString();

        Files.writeString(conf, "set preempt on\n");
        CommandRun good = run(env, execReload().toArray(String[]::new));
        assertEquals(0, good.status(), good.toString());
        assertEquals("configuration reloaded from " + conf + "\n", good.out());
        assertTrue(run(env, carpctl, "show-config").out().contains("set preempt on"));

        Files.writeString(conf, "set preempt maybe\n");
        CommandRun bad = run(env, execReload().toArray(String[]::new));
        assertEquals(1, bad.status(), "systemctl reload must fail: " + bad);
        assertTrue(bad.err().startsWith("carpd: reload failed, still running the previous configuration: "), bad.err());
        assertTrue(bad.err().contains("maybe"), "the daemon's reason: " + bad.err());
        assertTrue(run(env, carpctl, "show-config").out().contains("set preempt on"), "old configuration kept");
        assertTrue(log().contains("reload failed, still running the previous configuration"), log());

        assertEquals(2, run(env, carpctl, "reload", "now").status(), "reload takes no arguments");
        assertTrue(daemon.isAlive(), "a refused reload leaves carpd running");
    }

    @Test
    void pidofAndPgrepFindTheDaemonByName() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pgrep")), "pgrep (procps) not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/pidof")) || Files.isExecutable(Path.of("/bin/pidof")),
                "pidof not installed");
        startDaemon();
        String pid = Long.toString(daemon.pid()); // the launcher execs: this is the JVM
        assertEquals("carpd\n", Files.readString(Path.of("/proc", pid, "comm")));
        CommandRun pidof = run(Map.of(), "pidof", "carpd");
        assertEquals(0, pidof.status(), pidof.toString());
        assertTrue(List.of(pidof.out().strip().split(" ")).contains(pid), pid + " in " + pidof);
        CommandRun pgrep = run(Map.of(), "pgrep", "-x", "carpd");
        assertEquals(0, pgrep.status(), pgrep.toString());
        assertTrue(pgrep.out().lines().toList().contains(pid), pid + " in " + pgrep);
    }

    @Test
    void userKeptOutByTheSocketsModesGetsTheGroupHintAndStatus77() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (runs carpctl as nobody)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) not installed");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sock = startDaemon();
        String java = ProcessHandle.current().info().command().orElse("java");
        assumeTrue(Files.isExecutable(Path.of(java)));
        Map<String, String> env = Map.of("JAVA_HOME", Path.of(java).getParent().getParent().toString());
        String carpctl = DIST.resolve("bin/carpctl").toString();
        String hint = "permission denied on carpd control socket " + sock + ": user nobody is not root and not a"
                + " member of group nogroup (add it with: usermod -aG nogroup nobody, then log in again)";

        // carpd made the socket's directory 0750 root:nogroup: nobody (group daemon) cannot search it
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock.getParent())));
        CommandRun dir = run(env, "setpriv", "--reuid=65534", "--regid=1", "--clear-groups", carpctl, "-s",
                sock.toString(), "status");
        assertEquals(77, dir.status(), dir.toString());
        assertEquals("carpctl: " + hint + "\n", dir.err());

        // a searchable directory: the socket itself, 0660 root:nogroup, keeps nobody out
        Files.setPosixFilePermissions(sock.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        CommandRun file = run(env, "setpriv", "--reuid=65534", "--regid=1", "--clear-groups", carpctl, "-s",
                sock.toString(), "status");
        assertEquals(77, file.status(), file.toString());
        assertEquals("carpctl: " + hint + "\n", file.err());

        // a member of the group gets in
        CommandRun member = run(env, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", carpctl, "-s",
                sock.toString(), "status");
        assertEquals(0, member.status(), member.toString());
    }
}
