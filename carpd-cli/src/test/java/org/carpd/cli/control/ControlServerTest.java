package org.carpd.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    private ControlServer server;
    private final DemoHandler handler = new DemoHandler();

    /** Echoes requests; "fail" fails, "boom" throws; watch streams what {@link #emit} gets. */
    static final class DemoHandler implements ControlHandler {
        final List<Consumer<String>> watchers = new CopyOnWriteArrayList<>();
        final CountDownLatch watchClosed = new CountDownLatch(1);

        @Override
        public ControlReply handle(ControlRequest r) {
            return switch (r.command()) {
                case "fail" -> ControlReply.usage("unknown interface: " + r.args().get(1));
                case "boom" -> throw new IllegalStateException("secret-looking detail");
                default -> ControlReply.ok("args=" + r.args(), "json=" + r.json() + " group=" + r.group().orElse("-"),
                        "two\nlines");
            };
        }

        @Override
        public AutoCloseable watch(ControlRequest r, Consumer<String> sink) throws ControlException {
            if (r.args().size() > 1) {
                throw new ControlException(ControlProtocol.STATUS_USAGE, "no such interface " + r.args().get(1));
            }
            watchers.add(sink);
            return () -> {
                watchers.remove(sink);
                watchClosed.countDown();
            };
        }

        void emit(String line) {
            watchers.forEach(w -> w.accept(line));
        }
    }

    private Path start() throws IOException {
        Path socket = dir.resolve("run/carpd.sock");
        server = ControlServer.start(new ControlServer.Settings(socket, "carpd", 4, Duration.ofMillis(500), 100), handler);
        return socket;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private record Result(int status, List<String> out, List<String> err) {
    }

    private static Result call(Path socket, ControlRequest request) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        int status = new ControlClient(socket).execute(request, out::add, err::add);
        return new Result(status, out, err);
    }

    @Test
    void roundTripKeepsWordsWithSpacesAndOptions() throws Exception {
        Path socket = start();
        Result r = call(socket, new ControlRequest(List.of("set", "a b", "", "ü"), true, Optional.of("carp")));
        assertEquals(0, r.status());
        assertEquals(List.of("args=[set, a b, , ü]", "json=true group=carp", "two", "lines"), r.out());
        assertEquals(List.of(), r.err());
        assertEquals(List.of("args=[]", "json=false group=-", "two", "lines"), call(socket, ControlRequest.of()).out());
    }

    @Test
    void failuresGoToStderrWithTheirStatus() throws Exception {
        Path socket = start();
        Result usage = call(socket, ControlRequest.of("fail", "carp9"));
        assertEquals(2, usage.status());
        assertEquals(List.of("unknown interface: carp9"), usage.err());
        Result boom = call(socket, ControlRequest.of("boom"));
        assertEquals(1, boom.status());
        assertTrue(boom.err().get(0).contains("internal error (IllegalStateException)"), boom.err().toString());
        assertTrue(boom.err().stream().noneMatch(l -> l.contains("secret-looking")));
    }

    @Test
    void socketIsPrivateAndDirectoryCreated() throws Exception {
        Path socket = start();
        boolean carpdGroupExists = org.carpd.cli.posix.GroupDatabase.members("carpd").isPresent();
        assertEquals(carpdGroupExists ? "rw-rw----" : "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        server.close();
        assertTrue(Files.notExists(socket), "socket removed on close");
    }

    @Test
    void survivesGarbageOversizedAndSilentClients() throws Exception {
        Path socket = start();
        assertEquals(List.of("!carpd: bad request: not a carpctl request (protocol carpctl1 expected)", "$2"),
                rawExchange(socket, "GET / HTTP/1.0\n".getBytes(StandardCharsets.US_ASCII)));
        byte[] huge = new byte[ControlProtocol.MAX_REQUEST_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        List<String> tooLong = rawExchange(socket, huge);
        assertEquals("$2", tooLong.get(tooLong.size() - 1));
        assertEquals(List.of(), rawExchange(socket, "carpctl1\0\0\0status".getBytes(StandardCharsets.UTF_8)),
                "no newline: closed after the request timeout, no answer");
        byte[] badUtf8 = {'c', 'a', 'r', 'p', 'c', 't', 'l', '1', 0, 0, 0, (byte) 0xff, (byte) 0xfe, '\n'};
        List<String> replacedChars = rawExchange(socket, badUtf8);
        assertEquals("$0", replacedChars.get(replacedChars.size() - 1), "invalid UTF-8 is decoded with replacements");
        assertEquals(0, call(socket, ControlRequest.of("status")).status(), "server still serves");
    }

    /** Sends bytes, half-closes, and reads the whole answer. */
    private static List<String> rawExchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            try {
                ch.write(ByteBuffer.wrap(request));
            } catch (IOException e) {
                // the server may stop reading an oversized request
            }
            String all = new String(Channels.readAll(ch), StandardCharsets.UTF_8);
            return all.isEmpty() ? List.of() : List.of(all.split("\n"));
        }
    }

    private static final class Channels {
        static byte[] readAll(SocketChannel ch) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try {
                while (ch.read(buf.clear()) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                }
            } catch (IOException e) {
                // reset after the server closed with unread input: what arrived counts
            }
            return out.toByteArray();
        }
    }

    @Test
    void watchStreamsUntilTheClientLeaves() throws Exception {
        Path socket = start();
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            try {
                new ControlClient(socket).execute(ControlRequest.of("watch"), seen::add, seen::add);
            } catch (IOException e) {
                seen.add("closed");
            }
        });
        client.start();
        waitFor(() -> !handler.watchers.isEmpty());
        handler.emit("carp0 BACKUP -> MASTER");
        handler.emit("carp0 MASTER -> BACKUP");
        waitFor(() -> seen.size() == 2);
        assertEquals(List.of("carp0 BACKUP -> MASTER", "carp0 MASTER -> BACKUP"), seen);
        client.interrupt(); // an interrupted blocking channel read closes the client's channel
        assertTrue(handler.watchClosed.await(5, TimeUnit.SECONDS), "subscription closed after client left");
        client.join(5000);
    }

    @Test
    void watchRefusalAndServerStopEndTheStream() throws Exception {
        Path socket = start();
        Result refused = call(socket, ControlRequest.of("watch", "carp9"));
        assertEquals(2, refused.status());
        assertEquals(List.of("carpd: no such interface carp9"), refused.err());

        int[] status = {-1};
        List<String> seen = new CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            try {
                status[0] = new ControlClient(socket).execute(ControlRequest.of("watch"), seen::add, l -> { });
            } catch (IOException e) {
                status[0] = -2;
            }
        });
        client.start();
        waitFor(() -> !handler.watchers.isEmpty());
        // the daemon's last transitions (to INIT) are queued just before the server closes
        List<String> last = List.of("carp0 MASTER -> INIT", "carp1 BACKUP -> INIT", "carp2 BACKUP -> INIT");
        last.forEach(handler::emit);
        server.close();
        client.join(5000);
        assertEquals(0, status[0], "watch ends with status 0 when the daemon stops");
        assertEquals(last, seen, "lines queued before the stop are delivered");
    }

    @Test
    void refusesToStealALiveSocketButReplacesAStaleOne() throws Exception {
        Path socket = start();
        IOException e = assertThrows(IOException.class, () -> ControlServer.start(
                ControlServer.Settings.defaults(socket), handler));
        assertTrue(e.getMessage().contains("already listening on " + socket), e.getMessage());

        Path stale = dir.resolve("stale.sock");
        SocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertTrue(Files.exists(stale));
        try (ControlServer second = ControlServer.start(ControlServer.Settings.defaults(stale), handler)) {
            assertEquals(0, call(stale, ControlRequest.of("status")).status());
        }
        Path regular = Files.writeString(dir.resolve("file.sock"), "x");
        IOException notSocket = assertThrows(IOException.class,
                () -> ControlServer.start(ControlServer.Settings.defaults(regular), handler));
        assertTrue(notSocket.getMessage().contains("is not a socket"), notSocket.getMessage());
    }

    @Test
    void unreachableNamesThePath() {
        Path missing = dir.resolve("nothing.sock");
        ControlClient.UnreachableException e = assertThrows(ControlClient.UnreachableException.class,
                () -> call(missing, ControlRequest.of("status")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void peerAuthorizerRules() {
        PeerAuthorizer auth = new PeerAuthorizer("carpd", "carpd",
                g -> g.equals("carpd") ? Optional.of(List.of("alice")) : Optional.empty());
        assertTrue(auth.refusal(peer("root", "root")).isEmpty());
        assertTrue(auth.refusal(peer("carpd", "carpd")).isEmpty(), "the daemon's own user");
        assertTrue(auth.refusal(peer("alice", "users")).isEmpty(), "supplementary member");
        assertTrue(auth.refusal(peer("bob", "carpd")).isEmpty(), "primary group");
        String why = auth.refusal(peer("mallory", "users")).orElseThrow();
        assertTrue(why.contains("mallory") && why.contains("group carpd"), why);
        PeerAuthorizer noGroup = new PeerAuthorizer("carpd", "root", g -> Optional.empty());
        assertTrue(noGroup.refusal(peer("alice", "users")).isPresent());
    }

    private static jdk.net.UnixDomainPrincipal peer(String user, String group) {
        java.nio.file.attribute.UserPrincipal u = () -> user;
        java.nio.file.attribute.GroupPrincipal g = () -> group;
        return new jdk.net.UnixDomainPrincipal(u, g);
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not reached in 5 s");
            }
            Thread.sleep(10);
        }
    }
}
