package org.carpd.cli.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

import org.carpd.core.config.Passphrase;

/**
 * Reads a passphrase file ({@code passfile} in carpd.conf). The file must be a regular file that
 * others cannot read or write and its group cannot write: 0640 root:carpd under the systemd unit
 * (carpd runs as user carpd), or 0600 owned by the user carpd runs as. Nobody but root and that
 * user may be able to replace it: see {@link KeyFileTrust} (owners of the file, of the links and
 * directories leading to it, and who may write those directories).
 * One trailing newline is removed; the rest, at most 19 bytes, is the passphrase, taken as-is.
 * Error messages name the file and its mode, never its content.
 */
public final class PassFileReader {
    private PassFileReader() {
    }

    /** A passphrase file that must not be used; the message is safe to log. */
    public static final class PassFileException extends IOException {
        public PassFileException(String message) {
            super(message);
        }
    }

    /**
     * @throws PassFileException if the file is unsafe, empty or too long
     * @throws IOException       if it cannot be read
     */
    public static Passphrase read(Path file) throws IOException {
        return read(file, KeyFileTrust.forThisProcess());
    }

    static Passphrase read(Path file, KeyFileTrust trust) throws IOException {
        PosixFileAttributes attrs;
        try {
            trust.check(file);
            attrs = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new PassFileException("passphrase file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new PassFileException("passphrase file " + file + ": permission denied");
        }
        if (!attrs.isRegularFile()) {
            throw new PassFileException("passphrase file " + file + " is not a regular file");
        }
        Set<PosixFilePermission> perms = attrs.permissions();
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)
                || perms.contains(PosixFilePermission.GROUP_WRITE)) {
            throw new PassFileException("passphrase file " + file + " has mode " + octal(perms)
                    + " (" + PosixFilePermissions.toString(perms) + "); others must not read or write it and its"
                    + " group must not write it: chmod 600 " + file + " (or chmod 640 and chgrp carpd)");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            // Read one byte more than the longest legal content (19 bytes + "\n") to detect excess.
            content = in.readNBytes(Passphrase.MAX_BYTES + 2);
        }
        try {
            int len = content.length;
            if (len > 0 && content[len - 1] == '\n') {
                len--;
            }
            if (len == 0) {
                throw new PassFileException("passphrase file " + file + " is empty");
            }
            if (len > Passphrase.MAX_BYTES) {
                throw new PassFileException("passphrase file " + file + " holds more than "
                        + Passphrase.MAX_BYTES + " bytes; CARP passphrases are at most " + Passphrase.MAX_BYTES);
            }
            return Passphrase.of(Arrays.copyOf(content, len));
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", mode);
    }
}
