package org.carpd.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.carpd.cli.posix.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/** carpd's own slf4j backend, each target as the daemon uses it, and the syslog(3) header. */
class CarpdLogProviderTest {
    @TempDir
    Path tmp;

    private static Logger logger(CarpdLogProvider provider, String name) {
        provider.initialize();
        return provider.getLoggerFactory().getLogger(name);
    }

    @Test
    void syslogTargetSendsOneDatagramPerLineWithTheSeverityAndLevels() throws Exception {
        String socket = tmp.resolve("log").toString();
        try (UnixDatagramReceiver devLog = new UnixDatagramReceiver(socket)) {
            CarpdLogProvider provider = new CarpdLogProvider(LogSetup.Target.SYSLOG, socket);
            Logger daemon = logger(provider, "org.carpd.cli.carp.CarpDaemon");
            Logger other = provider.getLoggerFactory().getLogger("org.carpd.net.frame.PacketTransport");
            daemon.debug("not at INFO");
            other.debug("not at INFO either");
            daemon.info(CarpdMarkers.NOTICE, "{}: state transition: {} -> {}", "carp0", "BACKUP", "MASTER");
            other.warn("capture trouble");
            daemon.error("failed", new IllegalStateException("why"));
            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(devLog.receive(2000).matches("<29>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d carpd\\[" + pid
                    + "\\]: CarpDaemon: carp0: state transition: BACKUP -> MASTER"));
            assertTrue(devLog.receive(2000).endsWith("]: PacketTransport: capture trouble"));
            String error = devLog.receive(2000);
            assertTrue(error.startsWith("<27>"), error);
            // the exception and its first frame, without a final newline
            assertTrue(error.matches("(?s).*\\]: CarpDaemon: failed\njava.lang.IllegalStateException: why\n\tat "
                    + "org.carpd.cli.logging.CarpdLogProviderTest.syslogTarget\\w+\\(CarpdLogProviderTest.java:\\d+\\)"), error);
            assertNull(devLog.receive(200), "debug is not sent");
        }
    }

    @Test
    void stderrTargets() {
        assertEquals("<5>CarpDaemon: carp0: state transition: INIT -> BACKUP\n<4>CarpDaemon: odd 7\n",
                stderrOf(LogSetup.Target.JOURNAL));
        assertEquals("carpctl: odd 7\n", stderrOf(LogSetup.Target.CLIENT), "carpctl: warnings only");
        String console = stderrOf(LogSetup.Target.CONSOLE);
        assertTrue(console.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  CarpDaemon: carp0: state transition: INIT -> BACKUP\n"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  CarpDaemon: odd 7\n"), console);
    }

    private static String stderrOf(LogSetup.Target target) {
        PrintStream saved = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Logger log = logger(new CarpdLogProvider(target, "/nonexistent"), "org.carpd.cli.carp.CarpDaemon");
            log.info(CarpdMarkers.NOTICE, "carp0: state transition: INIT -> BACKUP");
            log.debug("not shown");
            log.warn("odd {}", 7);
        } finally {
            System.setErr(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The header glibc's syslog(3) writes, as java.time formats it: month, space-padded day, local time. */
    @Test
    void datagramHeaderIsSyslogs() {
        DevLog devLog = new DevLog(tmp.resolve("none").toString(), "carpd", problem -> { });
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
        String pid = Long.toString(ProcessHandle.current().pid());
        for (long millis : new long[] {0, 1_234_567, 1_700_000_000_000L, 1_709_251_199_999L, 1_796_000_000_123L}) {
            String expected = "<29>" + stamp.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()))
                    + " carpd[" + pid + "]: X: y";
            assertEquals(expected, devLog.datagram(5, "X: y\n", millis), Long.toString(millis));
            assertEquals(expected, devLog.datagram(5, "X: y", millis));
        }
        devLog.close();
    }
}
