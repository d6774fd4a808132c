package org.carpd.cli.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One carpd per control socket: an exclusive lock on {@code SOCKET.lock} (e.g.
 * /run/carpd/carpd.sock.lock), taken before the daemon touches the network, so that a second
 * carpd started by mistake exits without removing the running one's addresses. The lock file
 * holds the owner's pid; the kernel releases the lock when the owner exits, however it exits, so
 * a file left behind is harmless.
 */
public final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a control socket. */
    public static Path lockFile(Path socket) {
        Path abs = socket.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".lock");
    }

    /**
     * Takes the lock for {@code settings.socket()}, creating the socket's directory as the control
     * server would.
     *
     * @throws IOException with a message for the operator if another carpd holds it or it cannot be taken
     */
    public static InstanceLock acquire(ControlServer.Settings settings) throws IOException {
        Path file = lockFile(settings.socket());
        ControlServer.prepareSocketDirectory(settings);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot open lock file " + file + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot lock " + file + ": " + e, e);
        }
        if (lock == null) {
            String owner = owner(file);
            ch.close();
            throw new IOException("another carpd is already running with control socket " + settings.socket()
                    + owner + "; not starting (its addresses are left alone)");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            // the pid is for the operator's information only; the lock is what counts
        }
        return new InstanceLock(ch, lock);
    }

    private static String owner(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,10}") ? " (pid " + pid + ", lock " + file + ")" : " (lock " + file + ")";
        } catch (IOException e) {
            return " (lock " + file + ")";
        }
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it as well
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
