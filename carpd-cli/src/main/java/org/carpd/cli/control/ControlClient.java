package org.carpd.cli.control;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * carpctl's side of {@link ControlProtocol}: sends one request and hands each reply line to
 * {@code out} or {@code err} as it arrives (so {@code watch} streams), then returns the status.
 */
public final class ControlClient {
    private final Path socket;

    public ControlClient(Path socket) {
        this.socket = socket;
    }

    /** The daemon could not be reached at all (no socket, nobody listening, no permission). */
    public static class UnreachableException extends IOException {
        public UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The socket's file modes (or its directory's) keep this user out: carpd is running, but only
     * root and members of its control group may use it. carpctl exits 77, as when the daemon refuses.
     */
    public static final class PermissionDeniedException extends UnreachableException {
        public PermissionDeniedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs one command.
     *
     * @return the daemon's exit status
     * @throws UnreachableException if connecting fails ({@link PermissionDeniedException} for EACCES)
     * @throws IOException          if the daemon hangs up before sending a status, or sends garbage
     * @throws IllegalArgumentException if a word cannot be sent (holds NUL or newline)
     */
    public int execute(ControlRequest request, Consumer<String> out, Consumer<String> err) throws IOException {
        byte[] encoded = ControlProtocol.encodeRequest(request);
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            if (permissionDenied(e)) {
                throw new PermissionDeniedException(accessHint(), e);
            }
            throw new UnreachableException("cannot connect to carpd control socket " + socket + ": "
                    + describe(e) + " (is carpd running? socket set by -s or $" + ControlSocketPath.ENV + ")", e);
        }
        try (ch) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(encoded);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (IOException e) {
                // The daemon may already have answered (e.g. refused); read what it said.
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch));
            String line;
            while ((line = readLine(in)) != null) {
                if (line.isEmpty()) {
                    throw new IOException("malformed reply from carpd (empty line)");
                }
                String text = line.substring(1);
                switch (line.charAt(0)) {
                    case ControlProtocol.TAG_OUT -> out.accept(text);
                    case ControlProtocol.TAG_ERR -> err.accept(text);
                    case ControlProtocol.TAG_STATUS -> {
                        return parseStatus(text);
                    }
                    default -> throw new IOException("malformed reply from carpd (unknown tag)");
                }
            }
            throw new IOException("carpd closed the control connection without an exit status");
        }
    }

    private static int parseStatus(String text) throws IOException {
        try {
            int status = Integer.parseInt(text);
            if (status >= 0 && status <= 255) {
                return status;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IOException("malformed exit status from carpd");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= ControlProtocol.MAX_LINE_BYTES) {
                throw new IOException("reply line from carpd is too long");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** EACCES on connect: no write permission on the socket or no search permission on a directory above it. */
    private boolean permissionDenied(IOException e) {
        if (e instanceof AccessDeniedException || "Permission denied".equals(e.getMessage())) {
            return true;
        }
        Path dir = socket.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir) && !Files.isExecutable(dir)) {
            return true;
        }
        return Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !Files.isWritable(socket);
    }

    /** Names the group that may use the socket: the socket's group, else its directory's, else the default. */
    private String accessHint() {
        String user = System.getProperty("user.name");
        String group = groupOf(socket).or(() -> groupOf(socket.toAbsolutePath().getParent()))
                .orElse(PeerAuthorizer.DEFAULT_GROUP);
        return "permission denied on carpd control socket " + socket + ": user " + user
                + " is not root and not a member of group " + group + " (add it with: usermod -aG " + group + " "
                + user + ", then log in again)";
    }

    private static Optional<String> groupOf(Path path) {
        try {
            return path == null ? Optional.empty()
                    : Optional.of(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .group().getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.SocketException && m != null) {
            return m;
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
