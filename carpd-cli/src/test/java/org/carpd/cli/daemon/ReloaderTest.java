package org.carpd.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.carpd.cli.control.ControlHandler;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.systemd.SdNotify;
import org.junit.jupiter.api.Test;

class ReloaderTest {
    private static final Path CONF = Path.of("/etc/carpd/carpd.conf");

    /** A daemon whose reload fails while {@code bad} is set; its handler echoes the command. */
    private static final class FakeDaemon implements Daemon {
        final AtomicInteger reloads = new AtomicInteger();
        volatile String bad;
        boolean closed;

        @Override
        public ControlHandler controlHandler() {
            return r -> ControlReply.ok("daemon: " + r.args() + " group " + r.group().orElse("-"));
        }

        @Override
        public void reload() throws Exception {
            reloads.incrementAndGet();
            if (bad != null) {
                throw new Exception(bad);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final FakeDaemon daemon = new FakeDaemon();
    private final Reloader reloader = new Reloader(daemon, SdNotify.fromEnvironment(Map.of()), CONF);

    @Test
    void reloadAnswersWithTheOutcome() {
        assertEquals(ControlReply.ok("configuration reloaded from " + CONF), reloader.handle(ControlRequest.of("reload")));
        daemon.bad = "/etc/carpd/carpd.conf:1:15: expected 'on' or 'off' after 'preempt', found 'maybe'";
        assertEquals(ControlReply.failure("carpd: reload failed, still running the previous configuration: " + daemon.bad),
                reloader.handle(ControlRequest.of("reload")));
        assertEquals(Optional.of(daemon.bad), reloader.reload(), "SIGHUP sees the same outcome");
        assertEquals(3, daemon.reloads.get());
    }

    @Test
    void otherCommandsAndGroupsGoToTheDaemon() {
        assertEquals(ControlReply.ok("daemon: [carp0, advskew, 5] group -"),
                reloader.handle(ControlRequest.of("carp0", "advskew", "5")));
        assertEquals(ControlReply.ok("daemon: [reload] group dmz"),
                reloader.handle(new ControlRequest(List.of("reload"), false, Optional.of("dmz"))));
        assertEquals(ControlReply.usage("usage: carpctl reload"), reloader.handle(ControlRequest.of("reload", "now")));
        assertEquals(0, daemon.reloads.get());
    }

    @Test
    void noReloadOnceTheDaemonIsClosed() {
        reloader.closeDaemon();
        assertEquals(true, daemon.closed);
        assertEquals(Optional.of("carpd is stopping"), reloader.reload());
        assertEquals(1, reloader.handle(ControlRequest.of("reload")).status());
        assertEquals(0, daemon.reloads.get());
    }
}
