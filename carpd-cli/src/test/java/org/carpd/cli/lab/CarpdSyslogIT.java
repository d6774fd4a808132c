package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.cli.posix.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;

/**
 * carpd started as a plain daemon (outside systemd, without {@code --foreground}) logs to the
 * local syslog socket /dev/log. The test's own listener stands in for /dev/log: carpd runs in a
 * private mount namespace where a temporary directory (holding the listener's socket and bind
 * mounts of the few device nodes a JVM opens) is mounted over /dev, so the host's /dev is never
 * touched.
 */
class CarpdSyslogIT extends TwoNodeLabTest {
    /** Arguments: DIR COMMAND...; mounts DIR over /dev (in this private namespace only), then runs COMMAND. */
    private static final String OVER_DEV = """
            set -eu
            d=$1; shift
            for f in null zero full random urandom tty; do mount --bind "/dev/$f" "$d/$f"; done
            mount --rbind "$d" /dev
            exec "$@"
            """;
    /** A syslog(3) datagram: {@code <PRI>Mmm dd hh:mm:ss carpd[PID]: message}. */
    private static final Pattern DATAGRAM = Pattern.compile(
            "<(\\d+)>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d carpd\\[(\\d+)\\]: (.*)", Pattern.DOTALL);
    private static final int FACILITY_DAEMON = 3;

    /** One line received on the stand-in /dev/log. */
    private record SyslogLine(long nanos, int facility, int severity, long pid, String message) {
    }

    @Test
    void plainDaemonLogsStateChangesToDevLogAsDaemonNotice() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare (util-linux) not installed");
        createLab();
        CarpdNode node = n1;
        node.writeConfig(CarpdNode.carp0(1, 0, node.writeKey("lab-secret")));
        Path dev = Files.createDirectory(tmp.resolve("dev"));
        for (String f : List.of("null", "zero", "full", "random", "urandom", "tty")) {
            Files.createFile(dev.resolve(f));
        }
        Files.createSymbolicLink(dev.resolve("fd"), Path.of("/proc/self/fd"));
        Path socket = node.dir().resolve("carpd.sock");

        try (UnixDatagramReceiver devLog = new UnixDatagramReceiver(dev.resolve("log").toString())) {
            Path stderr = node.dir().resolve("stderr.log");
            Process carpd = node.host().spawn(stderr, "env", "-u", "JOURNAL_STREAM", "-u", "INVOCATION_ID",
                    "-u", "NOTIFY_SOCKET", "unshare", "--mount", "--propagation", "private",
                    "sh", "-c", OVER_DEV, "sh", dev.toString(),
                    CarpdNode.DIST.resolve("bin/carpd").toString(), "-c", node.configFile().toString(),
                    "--socket", socket.toString(), "--state-dir", node.dir().toString());
            try {
                List<SyslogLine> lines = new ArrayList<>();
                long start = System.nanoTime();
                long deadline = start + TimeUnit.SECONDS.toNanos(20);
                while (lines.stream().noneMatch(l -> l.message().contains("-> MASTER")) && System.nanoTime() < deadline) {
                    if (!carpd.isAlive()) {
                        fail("carpd exited with " + carpd.exitValue() + ":\n" + Files.readString(stderr) + lines);
                    }
                    receive(devLog, 250, lines);
                }
                String all = lines.stream().map(SyslogLine::toString).reduce("", (a, b) -> a + b + "\n");
                assertTrue(lines.stream().allMatch(l -> l.facility() == FACILITY_DAEMON && l.pid() == carpd.pid()),
                        "every line: facility daemon, pid " + carpd.pid() + ":\n" + all);
                SyslogLine backup = find(lines, "carp0: state transition: INIT -> BACKUP (started)", all);
                SyslogLine master = find(lines, "carp0: state transition: BACKUP -> MASTER", all);
                assertEquals(5, backup.severity(), "notice: " + backup);
                assertEquals(5, master.severity(), "notice: " + master);
                long backupToMasterMs = TimeUnit.NANOSECONDS.toMillis(master.nanos() - backup.nanos());
                // alone on the segment, a backup becomes MASTER after the master-down interval (3 s)
                assertTrue(backupToMasterMs >= 2500 && backupToMasterMs <= 6000, backupToMasterMs + " ms\n" + all);
                assertEquals(6, find(lines, "control socket listening on " + socket, all).severity(), "info");
                assertTrue(node.hasVip4(), "the master holds its address");

                new ProcessBuilder("kill", "-TERM", Long.toString(carpd.pid())).start().waitFor();
                assertTrue(carpd.waitFor(10, TimeUnit.SECONDS), "carpd stops on SIGTERM");
                assertEquals(0, carpd.exitValue());
                receive(devLog, 500, lines);
                String after = lines.stream().map(SyslogLine::toString).reduce("", (a, b) -> a + b + "\n");
                assertEquals(5, find(lines, "carpd stopping (SIGTERM)", after).severity(), "notice");
                // nothing went to stderr: no logback complaint, no fallback
                assertEquals("", Files.readString(stderr), "stderr of a daemon logging to syslog");
            } finally {
                carpd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static SyslogLine find(List<SyslogLine> lines, String text, String all) {
        return lines.stream().filter(l -> l.message().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no syslog line with '" + text + "' in:\n" + all));
    }

    /** Reads datagrams for about {@code millis}, adding each to {@code lines}. */
    private static void receive(UnixDatagramReceiver devLog, long millis, List<SyslogLine> lines)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            String d = devLog.receive(50);
            if (d == null) {
                continue;
            }
            Matcher m = DATAGRAM.matcher(d);
            if (!m.matches()) {
                fail("not a syslog(3) datagram: " + d);
            }
            int pri = Integer.parseInt(m.group(1));
            lines.add(new SyslogLine(System.nanoTime(), pri / 8, pri % 8, Long.parseLong(m.group(2)), m.group(3)));
        }
    }
}
