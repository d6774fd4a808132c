package org.carpd.cli.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conntrackd action (src/main/dist/notify/conntrackd) against a stand-in conntrackd
 * that records its arguments: the primary-backup sequence per state, failures, the interface
 * filter and the lock that keeps two sequences apart.
 */
class ConntrackdActionTest {
    private static final Path ACTION = Path.of("src/main/dist/notify/conntrackd");

    @TempDir
    Path tmp;

    private Path calls;
    private Path defaults;

    /** The fake conntrackd: logs "start ARGS" and "end ARGS"; fails for the args in $tmp/fail. */
    @BeforeEach
    void fakeConntrackd() throws IOException {
        calls = tmp.resolve("calls");
        Path fake = tmp.resolve("conntrackd");
        Files.writeString(fake, "#!/bin/sh\n"
                + "echo \"start $*\" >> " + calls + "\n"
                + "sleep ${FAKE_SLEEP:-0}\n"
                + "echo \"end $*\" >> " + calls + "\n"
                + "if [ -f " + tmp.resolve("fail") + " ] && grep -qx -- \"$*\" " + tmp.resolve("fail") + "; then exit 1; fi\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path carpctl = tmp.resolve("carpctl");
        Files.writeString(carpctl, "#!/bin/sh\necho \"carpctl $*\" >> " + calls + "\n"
                + "if [ -f " + tmp.resolve("carpctl-fails") + " ]; then exit 1; fi\n");
        Files.setPosixFilePermissions(carpctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        defaults = tmp.resolve("defaults");
        Files.writeString(defaults, "CONNTRACKD=" + fake + "\nCONNTRACKD_CONFIG=/etc/ct.conf\nCARPCTL=" + carpctl
                + "\nSYNC_SETTLE=1\nSYNC_WAIT=3\n");
    }

    private record Run(int status, String err) {
    }

    private Process start(String iface, String state) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(ACTION.toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "CARP_IF", iface, "CARP_STATE", state,
                "CARPD_CONNTRACKD_DEFAULTS", defaults.toString(),
                "CARPD_CONNTRACKD_LOCK", tmp.resolve("lock").toString(), "FAKE_SLEEP", "0.2"));
        return pb.start();
    }

    private Run run(String iface, String state) throws Exception {
        Process p = start(iface, state);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return new Run(p.exitValue(), err);
    }

    /** The arguments of each conntrackd call (from the "start" lines) and each carpctl call, in order. */
    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).stream()
                .filter(l -> l.startsWith("start ") || l.startsWith("carpctl "))
                .map(l -> l.startsWith("start ") ? l.substring(6) : l).toList() : List.of();
    }

    @Test
    void masterCommitsFlushesResyncsAndSendsABulkUpdate() throws Exception {
        assertEquals(new Run(0, ""), run("carp0", "MASTER"));
        assertEquals(List.of("-C /etc/ct.conf -c", "-C /etc/ct.conf -f", "-C /etc/ct.conf -R", "-C /etc/ct.conf -B",
                "carpctl sync done"), calls(), "a MASTER is the source of the state: it releases the sync demotion");
    }

    @Test
    void backupChecksTheDaemonShortensTimersRequestsAResyncAndReleasesTheSyncDemotionOnceItSettled()
            throws Exception {
        long start = System.nanoTime();
        assertEquals(new Run(0, ""), run("carp0", "BACKUP"));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<String> c = calls();
        assertEquals(List.of("-C /etc/ct.conf -s", "-C /etc/ct.conf -t", "-C /etc/ct.conf -n"), c.subList(0, 3));
        assertEquals("carpctl sync done", c.get(c.size() - 1), c.toString());
        List<String> polls = c.subList(3, c.size() - 1);
        assertTrue(polls.size() >= 5 && polls.stream().allMatch("-C /etc/ct.conf -e"::equals),
                "the external cache is polled until it stays the same for SYNC_SETTLE: " + c);
        assertTrue(took >= 1000, "waited for the cache to settle: " + took + " ms");
    }

    @Test
    void aGrowingExternalCacheIsWaitedForAtMostSyncWait() throws Exception {
        // every -e call prints one more line: the cache never settles
        Path grow = tmp.resolve("grow");
        Path fake = tmp.resolve("conntrackd");
        Files.writeString(fake, Files.readString(fake) + "if [ \"$3\" = -e ]; then echo x >> " + grow + "; cat " + grow
                + "; fi\n");
        long start = System.nanoTime();
        Run r = run("carp0", "BACKUP");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, r.status());
        assertTrue(r.err().contains("still changed 3 s after the resync request"), r.err());
        assertTrue(took >= 3000 && took < 10_000, took + " ms");
        List<String> c = calls();
        assertEquals("carpctl sync done", c.get(c.size() - 1));
    }

    @Test
    void noSyncDoneWhenTheResyncRequestFailsAndAFailedCarpctlIsReported() throws Exception {
        Files.writeString(tmp.resolve("fail"), "-C /etc/ct.conf -n\n");
        Run r = run("carp0", "BACKUP");
        assertEquals(1, r.status());
        assertTrue(calls().stream().noneMatch(l -> l.startsWith("carpctl")), "carpd's timeout releases it: " + calls());
        Files.delete(tmp.resolve("fail"));
        Files.delete(calls);
        Files.writeString(tmp.resolve("carpctl-fails"), "");
        Run failed = run("carp0", "MASTER");
        assertEquals(1, failed.status());
        assertTrue(failed.err().contains("carpctl sync done failed for carp0"), failed.err());
    }

    @Test
    void backupWithoutARunningConntrackdFailsAndDoesNothingElse() throws Exception {
        Files.writeString(tmp.resolve("fail"), "-C /etc/ct.conf -s\n");
        Run r = run("carp0", "BACKUP");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("conntrackd is not running"), r.err());
        assertEquals(List.of("-C /etc/ct.conf -s"), calls());
    }

    @Test
    void initShortensTimersAndAFailedStepIsReportedButTheRestRuns() throws Exception {
        assertEquals(new Run(0, ""), run("carp0", "INIT"));
        assertEquals(List.of("-C /etc/ct.conf -t"), calls());
        Files.delete(calls);
        Files.writeString(tmp.resolve("fail"), "-C /etc/ct.conf -c\n");
        Run r = run("carp0", "MASTER");
        assertEquals(1, r.status());
        assertEquals("conntrackd -c (commit the external cache) failed for carp0 -> MASTER\n", r.err());
        assertEquals(5, calls().size(), "the other steps still ran: " + calls());
    }

    @Test
    void actsOnlyOnTheConfiguredInterfaces() throws Exception {
        Files.writeString(defaults, "CARP_INTERFACES=\"carp0 carp2\"\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(new Run(0, ""), run("carp1", "MASTER"));
        assertEquals(List.of(), calls());
        assertEquals(new Run(0, ""), run("carp2", "INIT"));
        assertEquals(List.of("-C /etc/ct.conf -t"), calls());
    }

    @Test
    void twoSequencesNeverInterleave() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/flock")), "no flock");
        Process a = start("carp0", "MASTER");
        Process b = start("carp1", "MASTER");
        assertTrue(a.waitFor(20, TimeUnit.SECONDS) && b.waitFor(20, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(calls).stream().filter(l -> !l.startsWith("carpctl ")).toList();
        assertEquals(16, lines.size(), lines.toString());
        // each run's four calls are consecutive: the first 8 lines are one run's
        long firstHalfMasters = lines.subList(0, 8).stream().filter(l -> l.endsWith(" -B")).count();
        assertEquals(2, firstHalfMasters, "one whole sequence, then the other: " + lines);
        assertEquals("end -C /etc/ct.conf -B", lines.get(7), lines.toString());
    }
}
