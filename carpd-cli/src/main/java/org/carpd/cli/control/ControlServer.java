package org.carpd.cli.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.carpd.cli.logging.RateLimitedLog;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link ControlProtocol} on a Unix domain socket: one acceptor thread and one thread per
 * connection (at most {@link Settings#maxConnections()}). A client must send its request within
 * {@link Settings#requestTimeout()}; garbage, oversized or slow requests close that connection,
 * never the server.
 *
 * <p>Access: the socket file is mode 0660 with the control group when that group exists, else
 * 0600; a directory it creates is 0750. Each connection's SO_PEERCRED is checked by
 * {@link PeerAuthorizer} as it is accepted: a refused peer is answered and closed at once and
 * holds nothing. Then {@link ConnectionAdmission}: one user other than root holds at most
 * {@link Settings#maxPerUser()} connections, and the last {@link Settings#reservedForRoot()}
 * are root's. Refusals are logged at most 5 a minute per user and kind.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /**
     * @param socket          socket path
     * @param group           control group; see {@link PeerAuthorizer}
     * @param maxConnections  concurrent connections (watchers included); more are told to retry
     * @param requestTimeout  time a client has to send its request line
     * @param watchQueueLines lines buffered per watcher before lines are dropped
     * @param reservedForRoot connections only root may take, so an operator always gets in
     * @param maxPerUser      connections one user other than root may hold
     */
    public record Settings(Path socket, String group, int maxConnections, Duration requestTimeout,
                           int watchQueueLines, int reservedForRoot, int maxPerUser) {
        /** Without per-user limits or a reserve for root. */
        public Settings(Path socket, String group, int maxConnections, Duration requestTimeout, int watchQueueLines) {
            this(socket, group, maxConnections, requestTimeout, watchQueueLines, 0, maxConnections);
        }

        public static Settings defaults(Path socket) {
            return new Settings(socket, PeerAuthorizer.DEFAULT_GROUP, 32, Duration.ofSeconds(5), 1000, 4, 8);
        }
    }

    /** Where a connection's peer credentials come from: SO_PEERCRED, or a test's. */
    interface PeerCredentials {
        UnixDomainPrincipal of(SocketChannel channel) throws IOException;
    }

    private final Settings settings;
    private final ControlHandler handler;
    private final PeerAuthorizer authorizer;
    private final ServerSocketChannel server;
    private final ScheduledExecutorService timer;
    private final ConnectionAdmission admission;
    private final PeerCredentials credentials;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 5, Duration.ofMinutes(1));
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Settings settings, ControlHandler handler, PeerAuthorizer authorizer,
                          ServerSocketChannel server, PeerCredentials credentials) {
        this.settings = settings;
        this.handler = handler;
        this.authorizer = authorizer;
        this.server = server;
        this.credentials = credentials;
        this.admission = new ConnectionAdmission(settings.maxConnections(), settings.reservedForRoot(),
                settings.maxPerUser());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "carpd-control-timer"));
        this.acceptor = daemonThread(this::acceptLoop, "carpd-control-accept");
    }

    /** Binds the socket with {@link PeerAuthorizer#forGroup} and starts serving. */
    public static ControlServer start(Settings settings, ControlHandler handler) throws IOException {
        return start(settings, handler, PeerAuthorizer.forGroup(settings.group()));
    }

    /**
     * Binds the socket (replacing a stale one; refusing if a server answers there) and starts serving.
     *
     * @throws IOException with the path in its message if the socket cannot be set up
     */
    public static ControlServer start(Settings settings, ControlHandler handler, PeerAuthorizer authorizer)
            throws IOException {
        return start(settings, handler, authorizer, ch -> ch.getOption(ExtendedSocketOptions.SO_PEERCRED));
    }

    static ControlServer start(Settings settings, ControlHandler handler, PeerAuthorizer authorizer,
                               PeerCredentials credentials) throws IOException {
        Path socket = settings.socket().toAbsolutePath();
        Optional<GroupPrincipal> group = ControlSocketFiles.lookupGroup(settings.group());
        ControlSocketFiles.prepareDirectory(socket.getParent(), group);
        ControlSocketFiles.removeStaleSocket(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket), 16);
            if (group.isPresent()) {
                Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class)
                        .setGroup(group.get());
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            } else {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on control socket " + socket + ": " + e, e);
        }
        ControlServer cs = new ControlServer(settings, handler, authorizer, server, credentials);
        cs.acceptor.start();
        LOG.info("control socket listening on {} ({})", socket,
                group.map(g -> "mode 0660, group " + g.getName()).orElse("mode 0600, group "
                        + settings.group() + " does not exist"));
        return cs;
    }

    public Path socket() {
        return settings.socket();
    }

    /** Connections being served (watch streams included); for tests. */
    int heldConnections() {
        return connections.size();
    }

    /** Creates the socket's directory as {@link #start} does; for {@link InstanceLock}, taken before. */
    static void prepareSocketDirectory(Settings settings) throws IOException {
        ControlSocketFiles.prepareDirectory(settings.socket().toAbsolutePath().getParent(),
                ControlSocketFiles.lookupGroup(settings.group()));
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                break;
            } catch (IOException e) {
                if (closed) {
                    break;
                }
                LOG.warn("control socket accept failed: {}", e.toString());
                sleepQuietly(100); // e.g. EMFILE: do not spin
                continue;
            }
            UnixDomainPrincipal peer;
            try {
                peer = credentials.of(ch);
            } catch (IOException | RuntimeException e) {
                LOG.debug("no peer credentials: {}", e.toString());
                closeQuietly(ch);
                continue;
            }
            String user = peer.user().getName();
            Optional<String> refusal = authorizer.refusal(peer);
            if (refusal.isPresent()) {
                refusals.warn("denied " + user, "refused control connection from user {}: not root and not in group {}",
                        user, authorizer.group());
                refuse(ch, ControlProtocol.STATUS_PERMISSION_DENIED, refusal.get());
                continue;
            }
            // The JDK names a uid without a passwd entry by its number.
            boolean root = user.equals("root") || user.equals("0");
            Optional<String> busy = admission.admit(user, root);
            if (busy.isPresent()) {
                refusals.warn("busy " + user, "refused control connection from user {}: {}", user, busy.get());
                refuse(ch, ControlProtocol.STATUS_FAILURE, busy.get());
                continue;
            }
            Connection c = new Connection(ch, peer, root);
            connections.add(c);
            c.thread.start();
        }
    }

    /** Answers and closes at once; the reply fits the socket's buffer, so this never blocks. */
    private void refuse(SocketChannel ch, int status, String why) {
        try (ch) {
            writeLine(ch, ControlProtocol.TAG_ERR, "carpd: " + why);
            writeLine(ch, ControlProtocol.TAG_STATUS, Integer.toString(status));
        } catch (IOException e) {
            LOG.debug("refusal not delivered: {}", e.toString());
        }
    }

    /**
     * Stops accepting, ends watch streams with status 0, gives running commands a moment to finish,
     * then closes every connection and removes the socket file.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(20);
        }
        for (Connection c : connections) {
            closeQuietly(c.channel);
        }
        timer.shutdownNow();
        try {
            acceptor.join(1000);
            Files.deleteIfExists(settings.socket());
        } catch (IOException e) {
            LOG.warn("cannot remove control socket {}: {}", settings.socket(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One client connection, served on its own thread. */
    private final class Connection {
        final SocketChannel channel;
        final UnixDomainPrincipal peer;
        final String user;
        final boolean root;
        final Thread thread;

        Connection(SocketChannel channel, UnixDomainPrincipal peer, boolean root) {
            this.channel = channel;
            this.peer = peer;
            this.user = peer.user().getName();
            this.root = root;
            this.thread = daemonThread(this::run, "carpd-control-conn");
        }

        private void run() {
            try (channel) {
                serve();
            } catch (IOException e) {
                LOG.debug("control connection ended: {}", e.toString());
            } catch (RuntimeException e) {
                LOG.error("control connection failed", e);
            } finally {
                connections.remove(this);
                admission.release(user, root);
            }
        }

        private void serve() throws IOException {
            ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(channel),
                    settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Optional<byte[]> line;
            try {
                line = readRequestLine();
            } finally {
                deadline.cancel(false);
            }
            if (line.isEmpty()) {
                return;
            }
            ControlRequest request;
            try {
                request = ControlProtocol.decodeRequest(line.get());
            } catch (IllegalArgumentException e) {
                reply(ControlReply.usage("carpd: bad request: " + e.getMessage()));
                return;
            }
            if (request.command().equals("watch")) {
                new WatchStream(channel, settings.watchQueueLines(), () -> closed).run(handler, request);
            } else {
                reply(runCommand(request, ControlCaller.of(peer)));
            }
        }

        /** The request line without LF; empty if the client hung up, timed out or sent too much. */
        private Optional<byte[]> readRequestLine() throws IOException {
            ByteArrayOutputStream acc = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (true) {
                buf.clear();
                int n;
                try {
                    n = channel.read(buf);
                } catch (ClosedChannelException e) {
                    return Optional.empty(); // request timeout closed it
                }
                if (n < 0) {
                    return Optional.empty();
                }
                for (int i = 0; i < n; i++) {
                    if (buf.get(i) == '\n') {
                        acc.write(buf.array(), 0, i);
                        return Optional.of(acc.toByteArray());
                    }
                }
                acc.write(buf.array(), 0, n);
                if (acc.size() > ControlProtocol.MAX_REQUEST_BYTES) {
                    reply(ControlReply.usage("carpd: request longer than " + ControlProtocol.MAX_REQUEST_BYTES + " bytes"));
                    return Optional.empty();
                }
            }
        }

        private ControlReply runCommand(ControlRequest request, ControlCaller caller) {
            try {
                ControlReply reply = handler.handle(request, caller);
                if (reply == null) {
                    throw new IllegalStateException("handler returned no reply");
                }
                return reply;
            } catch (RuntimeException e) {
                // Only the command word is logged: later words may be secrets.
                LOG.error("control command '{}' failed", request.command(), e);
                return ControlReply.failure("carpd: internal error (" + e.getClass().getSimpleName()
                        + "); see the daemon log");
            }
        }

        private void reply(ControlReply reply) throws IOException {
            ControlServer.reply(channel, reply);
        }
    }

    /** Writes a reply: its lines (each split at newlines) with OUT or ERR tags, then the status. */
    static void reply(SocketChannel ch, ControlReply reply) throws IOException {
        char tag = reply.status() == ControlProtocol.STATUS_OK ? ControlProtocol.TAG_OUT : ControlProtocol.TAG_ERR;
        for (String line : reply.lines()) {
            writeLines(ch, tag, line);
        }
        writeLine(ch, ControlProtocol.TAG_STATUS, Integer.toString(reply.status()));
    }

    /** Writes {@code text} as one tagged line per newline-separated part. */
    static void writeLines(SocketChannel ch, char tag, String text) throws IOException {
        for (String part : text.split("\n", -1)) {
            writeLine(ch, tag, part);
        }
    }

    static void writeLine(SocketChannel ch, char tag, String text) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(ControlProtocol.encodeLine(tag, text));
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(Realtime.asOtherThread(r), name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("close failed: {}", e.toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
