package org.carpd.cli.dist;

import static org.carpd.cli.testing.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP at any moment of start-up (the issue: in the first ~0.3 s it ended carpd with status
 * 129) is survived: the launcher ignores it until carpd's handler is in place. "Right after
 * spawn" is the moment the launcher's first command has run (its SIGHUP disposition changed, read
 * from /proc): before it, the shell itself is still starting, a window no launcher can close.
 * Sent at delays from then to past the control socket's creation, several times at 0 ms.
 */
class EarlyHangupIT {
    private static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    private static final int[] DELAYS_MS = {0, 0, 0, 1, 2, 5, 10, 20, 40, 60, 80, 120, 160, 200, 250, 300, 400, 600};

    @TempDir
    Path tmp;

    /** Waits until SIGHUP is ignored or caught by the process (or it has exited). */
    private static void awaitHangupDisposition(Process p) throws Exception {
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if ((line.startsWith("SigIgn:") || line.startsWith("SigCgt:"))
                            && (Long.parseLong(line.substring(7).trim(), 16) & 1) != 0) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                return; // gone
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void hangupDuringStartupNeverKillsCarpd() throws Exception {
        Path conf = Files.writeString(tmp.resolve("carpd.conf"), "set preempt off\n");
        int run = 0;
        for (int delay : DELAYS_MS) {
            Path dir = Files.createDirectory(tmp.resolve("run" + run++));
            Path sock = dir.resolve("carpd.sock");
            ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/carpd").toString(), "--foreground",
                    "-c", conf.toString(), "--socket", sock.toString(), "--control-group", "nogroup",
                    "--state-dir", dir.toString());
            pb.environment().remove("NOTIFY_SOCKET");
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("carpd.log").toFile());
            Process daemon = pb.start();
            try {
                awaitHangupDisposition(daemon);
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(sock)) {
                    if (!daemon.isAlive()) {
                        fail("SIGHUP " + delay + " ms after spawn ended carpd with status " + daemon.exitValue()
                                + ": " + Files.readString(dir.resolve("carpd.log")));
                    }
                    assertTrue(System.nanoTime() < deadline, "no control socket after 30 s");
                    Thread.sleep(5);
                }
                new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor();
                Thread.sleep(100);
                assertTrue(daemon.isAlive(), "a SIGHUP after start-up is a reload");
                run(Map.of(), "kill", "-TERM", Long.toString(daemon.pid()));
                assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
                assertEquals(0, daemon.exitValue(), "orderly stop after SIGHUP at " + delay + " ms");
            } finally {
                daemon.destroyForcibly();
            }
        }
    }
}
