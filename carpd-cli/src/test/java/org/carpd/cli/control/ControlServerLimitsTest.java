package org.carpd.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Idle and watch connections cannot lock operators out: credentials are checked at accept, one
 * user holds a bounded share, root keeps room, refusals are logged with a limit. Peers are given
 * identities in connection order (the server accepts in that order).
 */
class ControlServerLimitsTest {
    @TempDir
    Path dir;

    private final BlockingQueue<String> identities = new LinkedBlockingQueue<>();
    private final List<SocketChannel> idle = new ArrayList<>();
    private final ControlServerTest.DemoHandler handler = new ControlServerTest.DemoHandler();
    private ControlServer server;
    private Path socket;
    private ListAppender<ILoggingEvent> logged;

    private void start(ControlServer.Settings settings) throws IOException {
        PeerAuthorizer auth = new PeerAuthorizer("carpd", "carpd",
                g -> Optional.of(List.of("mallory", "alice", "bob", "carol")));
        server = ControlServer.start(settings, handler, auth, ch -> {
            String user = identities.poll();
            if (user == null) {
                throw new IOException("test gave no identity");
            }
            return new UnixDomainPrincipal(() -> user, () -> user);
        });
        logged = new ListAppender<>();
        logged.start();
        ((Logger) LoggerFactory.getLogger(ControlServer.class)).addAppender(logged);
    }

    @AfterEach
    void stop() throws IOException {
        for (SocketChannel ch : idle) {
            ch.close();
        }
        if (server != null) {
            server.close();
        }
        if (logged != null) {
            ((Logger) LoggerFactory.getLogger(ControlServer.class)).detachAppender(logged);
        }
    }

    private ControlServer.Settings settings(int max, Duration timeout, int reserved, int perUser) {
        socket = dir.resolve("carpd.sock");
        return new ControlServer.Settings(socket, "carpd", max, timeout, 100, reserved, perUser);
    }

    /** Connects as {@code user} and sends nothing. */
    private SocketChannel idleAs(String user) throws IOException {
        identities.add(user);
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        idle.add(ch);
        return ch;
    }

    /** Runs "status" as {@code user}: status and stderr lines. */
    private String callAs(String user) throws IOException {
        identities.add(user);
        List<String> err = new ArrayList<>();
        int status = new ControlClient(socket).execute(ControlRequest.of("status"), l -> { }, err::add);
        return status + (err.isEmpty() ? "" : " " + String.join(" | ", err));
    }

    /** Reads what the server sends on a connection we never wrote to, until it closes. */
    private static String answer(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        StringBuilder out = new StringBuilder();
        while (ch.read(buf.clear()) > 0) {
            out.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private void awaitHeld(int connections) throws InterruptedException {
        ControlServerTest.waitFor(() -> identities.isEmpty() && server.heldConnections() == connections);
    }

    @Test
    void thirtyTwoIdleConnectionsNoLongerLockEveryoneOut() throws Exception {
        start(settings(32, Duration.ofSeconds(30), 4, 8));
        List<SocketChannel> mallory = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            mallory.add(idleAs("mallory"));
        }
        awaitHeld(8);
        // the first 8 are held (and answer nothing yet); the other 24 were told at once
        int refused = 0;
        for (SocketChannel ch : mallory.subList(8, 32)) {
            String a = answer(ch);
            assertTrue(a.contains("user mallory already holds 8 control connections") && a.endsWith("$1\n"), a);
            refused++;
        }
        assertEquals(24, refused);
        assertEquals("0", callAs("alice"), "another member still gets in");
        assertEquals("0", callAs("root"));
        long lines = logged.list.stream().filter(e -> e.getFormattedMessage().contains("mallory")).count();
        assertTrue(lines <= 5, "refusals logged with a limit: " + lines);
    }

    @Test
    void rootKeepsItsReservedRoomWhenMembersFillTheRest() throws Exception {
        start(settings(8, Duration.ofSeconds(30), 2, 3));
        for (String user : List.of("mallory", "mallory", "mallory", "alice", "alice", "alice")) {
            idleAs(user);
        }
        awaitHeld(6);
        assertTrue(callAs("bob").startsWith("1 carpd: too many control connections"), "6 of 8 held: the rest is root's");
        SocketChannel root1 = idleAs("root");
        awaitHeld(7);
        assertEquals("0", callAs("root"), "the second reserved connection");
        awaitHeld(7); // that call's connection has ended
        idleAs("root");
        awaitHeld(8);
        assertTrue(callAs("root").startsWith("1 carpd: too many control connections"), "all 8 held");
        assertTrue(root1.isConnected());
        idle.remove(idle.size() - 1).close();
        idle.remove(0).close(); // one of mallory's goes away
        ControlServerTest.waitFor(() -> {
            try {
                return callAs("bob").equals("0");
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void refusedPeersAreAnsweredAtAcceptHoldNothingAndAreLoggedWithALimit() throws Exception {
        start(settings(4, Duration.ofSeconds(30), 1, 2));
        long startedAt = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            SocketChannel ch = idleAs("eve"); // never sends a request line
            String a = answer(ch);
            assertTrue(a.startsWith("!carpd: permission denied: user eve is not root and not a member of group carpd")
                    && a.endsWith("$77\n"), a);
        }
        assertTrue(System.nanoTime() - startedAt < TimeUnit.SECONDS.toNanos(20), "answered at accept, not after a timeout");
        assertEquals("0", callAs("alice"));
        long lines = logged.list.stream().filter(e -> e.getFormattedMessage().contains("user eve")).count();
        assertTrue(lines >= 1 && lines <= 5, "refusals logged with a limit: " + lines);
    }

    @Test
    void idleConnectionsTimeOutAndGiveTheirRoomBack() throws Exception {
        start(settings(8, Duration.ofMillis(300), 2, 2));
        SocketChannel a = idleAs("mallory");
        SocketChannel b = idleAs("mallory");
        awaitHeld(2);
        assertTrue(callAs("mallory").contains("already holds 2"));
        assertEquals("", answer(a), "closed without an answer after the request timeout");
        assertEquals("", answer(b));
        ControlServerTest.waitFor(() -> {
            try {
                return callAs("mallory").equals("0");
            } catch (IOException e) {
                return false;
            }
        });
    }
}
