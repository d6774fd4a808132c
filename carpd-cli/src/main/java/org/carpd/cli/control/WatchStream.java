package org.carpd.cli.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code watch} request on one control connection: the handler's lines go into a bounded queue
 * (a client too slow to read them is told how many were dropped) and out to the client until it
 * hangs up or the server closes, which ends the stream with status 0.
 */
final class WatchStream {
    /** Logs as ControlServer, as the watch stream did before it was split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final SocketChannel channel;
    private final BlockingQueue<String> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final BooleanSupplier serverClosed;

    WatchStream(SocketChannel channel, int queueLines, BooleanSupplier serverClosed) {
        this.channel = channel;
        this.queue = new ArrayBlockingQueue<>(queueLines);
        this.serverClosed = serverClosed;
    }

    void run(ControlHandler handler, ControlRequest request) throws IOException {
        AutoCloseable subscription;
        try {
            subscription = handler.watch(request, line -> {
                if (!queue.offer(line)) {
                    dropped.incrementAndGet();
                }
            });
        } catch (ControlException e) {
            ControlServer.reply(channel, new ControlReply(e.status(), List.of("carpd: " + e.getMessage())));
            return;
        } catch (RuntimeException e) {
            LOG.error("control command 'watch' failed", e);
            ControlServer.reply(channel, ControlReply.failure("carpd: internal error (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        try {
            streamUntilHangup();
        } finally {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.warn("closing watch subscription failed: {}", e.toString());
            }
        }
    }

    private void streamUntilHangup() throws IOException {
        // The client sends nothing more; a read returning EOF means it went away.
        Thread hangupDetector = ControlServer.daemonThread(this::drainUntilEof, "carpd-control-watch-eof");
        hangupDetector.start();
        while (hangupDetector.isAlive() && !serverClosed.getAsBoolean()) {
            String line;
            try {
                line = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                ControlServer.writeLine(channel, ControlProtocol.TAG_ERR, "carpd: client too slow; dropped " + lost + " watch lines");
            }
            if (line != null) {
                ControlServer.writeLines(channel, ControlProtocol.TAG_OUT, line);
            }
        }
        if (serverClosed.getAsBoolean() && hangupDetector.isAlive()) {
            // the last transitions (to INIT on shutdown) are queued just before the server closes
            for (String line; (line = queue.poll()) != null; ) {
                ControlServer.writeLines(channel, ControlProtocol.TAG_OUT, line);
            }
            ControlServer.writeLine(channel, ControlProtocol.TAG_ERR, "carpd: daemon is stopping");
            ControlServer.writeLine(channel, ControlProtocol.TAG_STATUS, "0");
        }
    }

    private void drainUntilEof() {
        ByteBuffer sink = ByteBuffer.allocate(256);
        try {
            while (channel.read(sink.clear()) >= 0) {
                // ignore anything the client sends after its request
            }
        } catch (IOException e) {
            // closed or reset: either way the client is gone
        }
    }
}
