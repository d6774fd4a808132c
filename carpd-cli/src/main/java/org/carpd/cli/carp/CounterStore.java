package org.carpd.cli.carp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps our advertisement counter increasing across restarts, even when the wall clock goes
 * back: peers that enforce replay protection reject any counter not above the last one they
 * accepted from us. The counter starts at the wall clock in microseconds or, if higher, above
 * the last value saved here; it is saved every minute and on stop.
 */
final class CounterStore {
    /**
     * Margin above the last saved value: covers what a crashed run may have sent after its last
     * save (far less than 2^32 advertisements in a minute).
     */
    static final long MARGIN = 1L << 32;
    private static final Logger LOG = LoggerFactory.getLogger(CounterStore.class);

    private final Path file;
    private final boolean enabled;
    /** Writes the bytes; tests replace it to fail as a full disk does. */
    ChannelWriter writer = (channel, bytes) -> channel.write(bytes);

    interface ChannelWriter {
        void write(FileChannel channel, ByteBuffer bytes) throws IOException;
    }

    /** Without {@code stateDir} (not created by systemd's StateDirectory=, say) nothing is kept. */
    CounterStore(Path stateDir) {
        this.file = stateDir.resolve("counter");
        this.enabled = Files.isDirectory(stateDir);
        if (!enabled) {
            LOG.warn("state directory {} does not exist: the advertisement counter is not kept across restarts"
                    + " (peers with replay protection rely on the clock never going back)", stateDir);
        }
    }

    /** The counter to start from, given the wall clock in microseconds. */
    long startingCounter(long wallClockMicros) {
        if (!enabled) {
            return wallClockMicros;
        }
        long saved;
        try {
            saved = Long.parseUnsignedLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return wallClockMicros;
        } catch (IOException | NumberFormatException e) {
            LOG.warn("cannot read the saved advertisement counter {} ({}); starting from the clock", file,
                    e.getMessage());
            return wallClockMicros;
        }
        long aboveSaved = saved + MARGIN;
        if (Long.compareUnsigned(aboveSaved, wallClockMicros) > 0) {
            LOG.info("the clock is behind the saved advertisement counter; continuing above it");
            return aboveSaved;
        }
        return wallClockMicros;
    }

    /** Saves {@code counter} atomically; a failure is logged, not fatal (the clock still helps). */
    synchronized void save(long counter) {
        if (!enabled) {
            return;
        }
        Path tmp = file.resolveSibling("counter.tmp");
        try {
            Files.deleteIfExists(tmp); // a leftover may have other modes: CREATE_NEW sets ours
            try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                writer.write(out, ByteBuffer.wrap((Long.toUnsignedString(counter) + "\n").getBytes(StandardCharsets.US_ASCII)));
                out.force(true); // the file matters most after a power loss, when clocks are wrong
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot save the advertisement counter in {}: {}", file, e.getMessage());
            try {
                Files.deleteIfExists(tmp); // e.g. a full disk: no half-written file left behind
            } catch (IOException again) {
                LOG.debug("cannot remove {}: {}", tmp, again.toString());
            }
        }
    }
}
