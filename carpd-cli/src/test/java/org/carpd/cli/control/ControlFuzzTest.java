package org.carpd.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import jdk.net.UnixDomainPrincipal;
import org.junit.jupiter.api.Timeout;

/**
 * Any request line, to the protocol decoder and to a running control server: the decoder
 * answers or throws IllegalArgumentException, a decoded request survives encode/decode, and the
 * server answers every line with tagged lines ending in a status, within bounded memory.
 */
class ControlFuzzTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final ControlServerTest.DemoHandler HANDLER = new ControlServerTest.DemoHandler();
    private static final Path SOCKET = startServer();

    @FuzzTest(maxDuration = "5s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void request(byte[] bytes) throws IOException {
        run(bytes);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        run(bytes);
        long used = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(used < 2_000_000L + 32L * bytes.length, "one request allocated " + used + " bytes");
    }

    /** Entry point of Jazzer's standalone driver (the fuzzing runs, see docs/reliability.md). */
    public static void fuzzerTestOneInput(byte[] bytes) throws IOException {
        new ControlFuzzTest().request(bytes);
    }

    private static void run(byte[] bytes) throws IOException {
        int lf = indexOf(bytes, (byte) '\n');
        byte[] line = lf < 0 ? bytes : Arrays.copyOf(bytes, lf);
        boolean watch = false;
        try {
            ControlRequest r = ControlProtocol.decodeRequest(line);
            watch = r.command().equals("watch");
            byte[] encoded = ControlProtocol.encodeRequest(r);
            assertEquals(r, ControlProtocol.decodeRequest(Arrays.copyOf(encoded, encoded.length - 1)), "round trip");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        }
        if (line.length <= ControlProtocol.MAX_REQUEST_BYTES) {
            List<String> reply = exchange(line);
            // a watch that the client ends by hanging up has no status line; everything else has one
            assertTrue(watch && reply.stream().noneMatch(l -> l.startsWith("$"))
                    || !reply.isEmpty() && reply.get(reply.size() - 1).matches("\\$(0|1|2|77)"), reply.toString());
            for (String l : reply) {
                assertTrue(l.charAt(0) == ControlProtocol.TAG_OUT || l.charAt(0) == ControlProtocol.TAG_ERR
                        || l.charAt(0) == ControlProtocol.TAG_STATUS, l);
            }
        }
    }

    /** Sends the line with its LF, half-closes, and reads the whole reply. */
    private static List<String> exchange(byte[] line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(SOCKET));
            ByteBuffer out = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.shutdownOutput(); // a watch streams until the client hangs up
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            try {
                while (ch.read(buf.clear()) >= 0) {
                    in.write(buf.array(), 0, buf.position());
                }
            } catch (java.net.SocketException e) {
                // reset after the reply: the server closed with our bytes unread (a refusal at accept)
            }
            String text = in.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        }
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static Path startServer() {
        try {
            Path dir = Files.createTempDirectory("carpd-fuzz-");
            Path socket = dir.resolve("carpd.sock");
            PeerAuthorizer members = new PeerAuthorizer("carpd", "carpd", g -> Optional.of(List.of("fuzz")));
            // room for connections whose threads have not yet given theirs back
            ControlServer server = ControlServer.start(new ControlServer.Settings(socket, "carpd", 64,
                    Duration.ofSeconds(5), 100, 2, 60), HANDLER, members,
                    ch -> new UnixDomainPrincipal(() -> "fuzz", () -> "fuzz"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                try {
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // left in the temporary directory
                }
            }));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
