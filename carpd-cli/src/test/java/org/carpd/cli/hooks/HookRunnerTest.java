package org.carpd.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookRunnerTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static HookEvent event(String state) {
        return new HookEvent("carp0", 7, state, "BACKUP", "master down", List.of("198.18.0.10/24", "2001:db8::10/64"));
    }

    @Test
    void passesTheEventAsACleanEnvironment() throws Exception {
        Path out = dir.resolve("env.txt");
        Path hook = script("up", "env | sort > " + out + "\necho 'note to log' >&2\nexit 3");
        try (HookRunner runner = new HookRunner()) {
            HookResult r = runner.submit(hook, event("MASTER")).get(10, TimeUnit.SECONDS);
            assertEquals(3, r.exitCode().getAsInt());
            assertEquals("note to log\n", r.stderr());
        }
        List<String> env = Files.readAllLines(out);
        assertTrue(env.containsAll(List.of("CARP_IF=carp0", "CARP_VHID=7", "CARP_STATE=MASTER",
                "CARP_PREV_STATE=BACKUP", "CARP_REASON=master down", "CARP_ADDRS=198.18.0.10/24 2001:db8::10/64",
                "PATH=" + HookRunner.PATH)), env.toString());
        assertFalse(env.stream().anyMatch(l -> l.startsWith("HOME=") || l.startsWith("JAVA_HOME=")),
                "nothing of the daemon's environment: " + env);
    }

    @Test
    void runsInOrderOffTheCallersThread() throws Exception {
        Path log = dir.resolve("order.txt");
        Path slow = script("slow", "sleep 0.3; echo \"$CARP_STATE\" >> " + log);
        try (HookRunner runner = new HookRunner()) {
            long start = System.nanoTime();
            CompletableFuture<HookResult> first = runner.submit(slow, event("MASTER"));
            CompletableFuture<HookResult> second = runner.submit(slow, event("BACKUP"));
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(250), "submit does not wait");
            second.get(10, TimeUnit.SECONDS);
            assertTrue(first.isDone());
        }
        assertEquals(List.of("MASTER", "BACKUP"), Files.readAllLines(log));
    }

    @Test
    void aSlowHookDelaysOnlyItsOwnInterface() throws Exception {
        Path log = dir.resolve("order.txt");
        Path slow = script("slow", "sleep 2; echo \"$CARP_IF $CARP_STATE\" >> " + log);
        Path fast = script("fast", "echo \"$CARP_IF $CARP_STATE\" >> " + log);
        HookEvent carp1 = new HookEvent("carp1", 8, "MASTER", "BACKUP", "master down", List.of("198.18.0.11/24"));
        try (HookRunner runner = new HookRunner()) {
            long start = System.nanoTime();
            CompletableFuture<HookResult> slowRun = runner.submit(slow, event("MASTER"));
            CompletableFuture<HookResult> sameInterface = runner.submit(fast, event("BACKUP"));
            runner.submit(fast, carp1).get(10, TimeUnit.SECONDS);
            long otherMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(otherMs < 1500, "carp1's hook waited " + otherMs + " ms for carp0's slow hook");
            assertFalse(sameInterface.isDone(), "carp0's next hook waits for its slow one");
            sameInterface.get(10, TimeUnit.SECONDS);
            assertTrue(slowRun.isDone());
        }
        assertEquals(List.of("carp1 MASTER", "carp0 MASTER", "carp0 BACKUP"), Files.readAllLines(log));
    }

    @Test
    void closeWaitsForEveryQueueThenRefuses() throws Exception {
        Path log = dir.resolve("done.txt");
        Path slow = script("slow", "sleep 0.5; echo \"$CARP_IF\" >> " + log);
        HookRunner runner = new HookRunner();
        runner.submit(slow, event("MASTER"));
        runner.submit(slow, new HookEvent("carp1", 8, "MASTER", "BACKUP", "master down", List.of()));
        runner.close();
        assertEquals(2, Files.readAllLines(log).size(), "both queued hooks ran before close returned");
        HookResult late = runner.submit(slow, event("BACKUP")).get(1, TimeUnit.SECONDS);
        assertEquals("hook runner is closed", late.error());
    }

    @Test
    void killsAHookThatRunsTooLong() throws Exception {
        Path marker = dir.resolve("survived");
        Path hang = script("hang", "sleep 30; touch " + marker);
        try (HookRunner runner = new HookRunner(Duration.ofMillis(300))) {
            long start = System.nanoTime();
            HookResult r = runner.submit(hang, event("MASTER")).get(10, TimeUnit.SECONDS);
            assertTrue(r.timedOut());
            assertTrue(r.exitCode().isEmpty());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
        assertFalse(Files.exists(marker));
    }

    @Test
    void boundsStderrAndReportsMissingExecutables() throws Exception {
        Path noisy = script("noisy", "head -c 100000 /dev/zero | tr '\\0' x >&2");
        try (HookRunner runner = new HookRunner()) {
            HookResult r = runner.submit(noisy, event("MASTER")).get(10, TimeUnit.SECONDS);
            assertTrue(r.succeeded());
            assertEquals(HookRunner.MAX_STDERR_BYTES + " [truncated]".length(), r.stderr().length());
            HookResult missing = runner.submit(dir.resolve("nope"), event("MASTER")).get(10, TimeUnit.SECONDS);
            assertTrue(missing.exitCode().isEmpty());
            assertTrue(missing.error().contains("nope"), missing.error());
        }
    }
}
