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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps maintenance mode across restarts, package upgrades and reboots: the file
 * {@code maintenance} in the state directory ({@code --state-dir}, systemd's StateDirectory=
 * {@code /var/lib/carpd}, which neither an upgrade nor a reboot touches) exists while the node is
 * in maintenance and holds the time it began ({@code on since 2026-12-02T15:00:00Z}).
 */
final class MaintenanceStore {
    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceStore.class);
    private static final String PREFIX = "on since ";

    private final Path file;
    private final boolean enabled;

    MaintenanceStore(Path stateDir) {
        this.file = stateDir.resolve("maintenance");
        this.enabled = Files.isDirectory(stateDir);
    }

    /** Whether the mode is kept across restarts (the state directory exists). */
    boolean persistent() {
        return enabled;
    }

    Path file() {
        return file;
    }

    /**
     * Since when the node is in maintenance, or empty. A file that cannot be read, or whose time
     * cannot be parsed, still means maintenance: failing towards the drained state is the safe side.
     */
    Optional<Instant> load() {
        if (!enabled) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return Optional.of(text.startsWith(PREFIX) ? Instant.parse(text.substring(PREFIX.length())) : Instant.EPOCH);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | DateTimeParseException e) {
            LOG.warn("{} exists but cannot be read ({}): staying in maintenance mode", file, e.getMessage());
            return Optional.of(Instant.EPOCH);
        }
    }

    /** Records the mode atomically (written and synced, then renamed); empty removes the file. */
    void save(Optional<Instant> since) throws IOException {
        if (!enabled) {
            return;
        }
        if (since.isEmpty()) {
            Files.deleteIfExists(file);
            syncDirectory();
            return;
        }
        Path tmp = file.resolveSibling("maintenance.tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            out.write(ByteBuffer.wrap((PREFIX + since.get() + "\n").getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
    }

    /** The rename or removal must reach the disk too, or a power loss could undo it. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("cannot sync {}: {}", file.getParent(), e.toString());
        }
    }
}
