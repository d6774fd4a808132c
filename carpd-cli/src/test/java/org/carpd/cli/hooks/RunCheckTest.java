package org.carpd.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracker scripts: exit status, clean environment, bounded stderr, and the whole process group killed on timeout. */
class RunCheckTest {
    @TempDir
    Path dir;

    private Path script(String body) throws Exception {
        Path p = dir.resolve("check");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void exitStatusArgumentsAndACleanEnvironment() throws Exception {
        Path out = dir.resolve("env");
        Path check = script("env > " + out + "; echo \"$1\" >> " + out + "; head -c 20000 /dev/zero | tr '\\0' x >&2; exit 4");
        try (HookRunner runner = new HookRunner()) {
            HookResult r = runner.runCheck("web", List.of(check.toString(), "--port 80"), Duration.ofSeconds(5));
            assertEquals(4, r.exitCode().getAsInt());
            assertTrue(r.stderr().endsWith("[truncated]"));
            assertTrue(r.stderr().length() < HookRunner.MAX_STDERR_BYTES + 20);
        }
        List<String> env = Files.readAllLines(out);
        assertTrue(env.contains("CARPD_TRACK=web"), env.toString());
        assertTrue(env.contains("--port 80"), "one argument, no shell splitting");
        assertFalse(env.stream().anyMatch(l -> l.startsWith("HOME=")), env.toString());
    }

    @Test
    void aTimeoutKillsTheScriptAndWhatItStartedInTheBackground() throws Exception {
        Path pids = dir.resolve("pids");
        // a background sleep whose parent exits at once: no longer a descendant of the script, only in
        // its process group, so killing the script and its descendants would leave it running
        Path check = script("(sleep 300 & echo $! > " + pids + ".bg) & echo $$ > " + pids + "; sleep 300");
        long started = System.nanoTime();
        HookResult r;
        try (HookRunner runner = new HookRunner()) {
            r = runner.runCheck("slow", List.of(check.toString()), Duration.ofSeconds(1));
        }
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(r.timedOut());
        assertFalse(r.succeeded());
        assertTrue(tookMs < 4000, "took " + tookMs + " ms");
        long script = Long.parseLong(Files.readString(pids).strip());
        long background = Long.parseLong(Files.readString(Path.of(pids + ".bg")).strip());
        for (long pid : new long[] {script, background}) {
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
        }
    }

    @Test
    void aMissingScriptIsAFailureThatSaysWhy() {
        try (HookRunner runner = new HookRunner()) {
            HookResult r = runner.runCheck("x", List.of(dir.resolve("absent").toString()), Duration.ofSeconds(1));
            assertFalse(r.succeeded());
            assertEquals("does not exist", r.error());
        }
    }
}
