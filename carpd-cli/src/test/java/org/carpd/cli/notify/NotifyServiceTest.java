package org.carpd.cli.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.carpd.cli.control.ControlHandler;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.control.ControlServer;
import org.carpd.cli.hooks.HookRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** carpd-notify against a real control server with a stand-in daemon. */
class NotifyServiceTest {
    @TempDir
    Path tmp;

    private final FakeCarpd carpd = new FakeCarpd();
    private ControlServer server;
    private HookRunner runner;
    private NotifyService service;
    private Thread loop;
    private final List<String> statuses = new CopyOnWriteArrayList<>();

    /** Answers {@code status --json} from {@link #states}; streams what {@link #emit} gets. */
    static final class FakeCarpd implements ControlHandler {
        final Map<String, String> states = new ConcurrentHashMap<>();
        final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();

        @Override
        public ControlReply handle(ControlRequest r) {
            StringBuilder b = new StringBuilder("[");
            states.forEach((name, state) -> b.append(b.length() > 1 ? "," : "").append("{\"name\":\"").append(name)
                    .append("\",\"carpdev\":\"eth0\",\"state\":\"").append(state).append("\",\"vhid\":")
                    .append(name.substring(4)).append(",\"up\":true,\"failed\":null,\"addresses\":[\"198.18.0.")
                    .append(name.substring(4)).append("/24\"]}"));
            return r.json() && r.args().equals(List.of("status")) ? ControlReply.ok(b.append(']').toString())
                    : ControlReply.usage("unexpected " + r.args());
        }

        @Override
        public AutoCloseable watch(ControlRequest r, Consumer<String> sink) {
            watchers.add(sink);
            return () -> watchers.remove(sink);
        }

        /** A transition as carpd reports it (and its new state in the listing). */
        void transition(String iface, String from, String to, String reason) {
            states.put(iface, to);
            emit("{\"time\":\"2026-01-01T00:00:00Z\",\"interface\":\"" + iface + "\",\"vhid\":" + iface.substring(4)
                    + ",\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"reason\":\"" + reason
                    + "\",\"addresses\":[\"198.18.0." + iface.substring(4) + "/24\"]}");
        }

        void emit(String line) {
            watchers.forEach(w -> w.accept(line));
        }
    }

    private Path socket() {
        return tmp.resolve("run/carpd.sock");
    }

    private void startCarpd() throws IOException {
        server = ControlServer.start(new ControlServer.Settings(socket(), "carpd", 8, Duration.ofSeconds(2), 100), carpd);
    }

    private Path scripts() throws IOException {
        return Files.createDirectories(tmp.resolve("notify.d"));
    }

    private Path script(String name, String body) throws IOException {
        Path p = scripts().resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private void startService(String carpdUser) throws IOException {
        runner = new HookRunner(Duration.ofSeconds(5));
        service = new NotifyService(new NotifyService.Settings(socket(), scripts(), carpdUser, Duration.ofMillis(100)),
                runner, statuses::add);
        loop = new Thread(service::run, "test-notify");
        loop.start();
    }

    private static String me() {
        return System.getProperty("user.name");
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
            loop.join(5000);
            runner.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void actsOnTheCurrentStatesWhenItConnectsThenOnEachTransition() throws Exception {
        Path log = tmp.resolve("log");
        script("10-record", "echo \"$CARP_IF $CARP_VHID $CARP_PREV_STATE>$CARP_STATE [$CARP_REASON] $CARP_ADDRS\" >> " + log);
        carpd.states.put("carp1", "MASTER");
        startCarpd();
        startService(me());
        waitFor(() -> lines(log).size() == 1, "the resync of carp1");
        assertEquals(List.of("carp1 1 INIT>MASTER [carpd-notify resync] 198.18.0.1/24"), lines(log));
        assertTrue(statuses.contains("following carpd on " + socket()), statuses.toString());

        carpd.transition("carp1", "MASTER", "BACKUP", "more preferred master seen");
        carpd.transition("carp2", "INIT", "BACKUP", "started");
        carpd.transition("carp2", "BACKUP", "MASTER", "master down");
        waitFor(() -> lines(log).size() == 4, "three transitions");
        List<String> all = lines(log);
        // per interface in order; the two interfaces' queues run in parallel, so only that order holds
        assertEquals(List.of("carp1 1 INIT>MASTER [carpd-notify resync] 198.18.0.1/24",
                "carp1 1 MASTER>BACKUP [more preferred master seen] 198.18.0.1/24"),
                all.stream().filter(l -> l.startsWith("carp1")).toList());
        assertEquals(List.of("carp2 2 INIT>BACKUP [started] 198.18.0.2/24", "carp2 2 BACKUP>MASTER [master down] 198.18.0.2/24"),
                all.stream().filter(l -> l.startsWith("carp2")).toList());
    }

    @Test
    void reconnectsWhenCarpdRestartsAndActsOnlyOnWhatChanged() throws Exception {
        Path log = tmp.resolve("log");
        script("record", "echo \"$CARP_IF $CARP_STATE $CARP_REASON\" >> " + log);
        carpd.states.put("carp1", "MASTER");
        carpd.states.put("carp2", "BACKUP");
        startCarpd();
        startService(me());
        waitFor(() -> lines(log).size() == 2, "the first resync");

        server.close(); // carpd stops; while it is away carp1 changes
        carpd.states.put("carp1", "BACKUP");
        Thread.sleep(300);
        startCarpd();
        waitFor(() -> lines(log).size() == 3, "the resync after the restart");
        Thread.sleep(500);
        assertEquals("carp1 BACKUP carpd-notify resync", lines(log).get(2));
        assertEquals(3, lines(log).size(), "carp2 did not change: nothing run for it: " + lines(log));
    }

    @Test
    void ignoresEventsThatAreNotValidAndRunsOnlyProperScripts() throws Exception {
        Path log = tmp.resolve("log");
        script("20-second", "echo \"second $CARP_IF\" >> " + log);
        script("10-first", "echo \"first $CARP_IF\" >> " + log);
        script("30-backup.dpkg-old", "echo old >> " + log);
        Path plain = script("40-plain", "echo plain >> " + log);
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Path writable = script("50-writable", "echo writable >> " + log);
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwxrwx"));
        startCarpd();
        startService(me());
        waitFor(() -> !carpd.watchers.isEmpty(), "the watch");
        Thread.sleep(300); // past the resync (no interfaces)

        carpd.emit("{\"interface\":\"carp1\",\"vhid\":1,\"from\":\"BACKUP\",\"to\":\"ROOT\",\"reason\":\"x\",\"addresses\":[]}");
        carpd.emit("{\"interface\":\"../../x\",\"vhid\":1,\"from\":\"BACKUP\",\"to\":\"MASTER\",\"reason\":\"x\",\"addresses\":[]}");
        carpd.emit("{\"interface\":\"carp1\",\"vhid\":1,\"from\":\"BACKUP\",\"to\":\"MASTER\",\"reason\":\"x\","
                + "\"addresses\":[\"$(reboot)/24\"]}");
        carpd.emit("{\"interface\":\"carp1\",\"vhid\":300,\"from\":\"BACKUP\",\"to\":\"MASTER\",\"reason\":\"x\",\"addresses\":[]}");
        carpd.emit("not json");
        carpd.transition("carp3", "BACKUP", "MASTER", "master down");
        waitFor(() -> lines(log).size() == 2, "the valid event's two scripts");
        Thread.sleep(300);
        assertEquals(List.of("first carp3", "second carp3"), lines(log));
    }

    @Test
    void doesNotFollowASocketThatAnotherUserCouldHaveMade() throws Exception {
        Path log = tmp.resolve("log");
        script("record", "echo \"$CARP_IF\" >> " + log);
        carpd.states.put("carp1", "MASTER");
        startCarpd();
        String expected = "carpd-test-nobody";
        if (me().equals("root")) {
            // root's own sockets are trusted; make it someone else's
            var names = socket().getFileSystem().getUserPrincipalLookupService();
            Files.getFileAttributeView(socket(), PosixFileAttributeView.class)
                    .setOwner(names.lookupPrincipalByName("nobody"));
        }
        startService(expected);
        Thread.sleep(1000);
        assertTrue(carpd.watchers.isEmpty(), "never subscribed");
        assertEquals(List.of(), lines(log));
    }
}
