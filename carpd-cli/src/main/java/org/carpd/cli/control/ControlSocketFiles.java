package org.carpd.cli.control;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/** The control socket's files: its group, its directory, and a socket left by a crashed carpd. */
final class ControlSocketFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private ControlSocketFiles() {
    }

    /** The control group, or empty if no such group exists. */
    static Optional<GroupPrincipal> lookupGroup(String name) throws IOException {
        try {
            return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name));
        } catch (UserPrincipalNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Creates the directory 0750 with the group, unless it exists (then its mode is left alone). */
    static void prepareDirectory(Path dir, Optional<GroupPrincipal> group) throws IOException {
        if (Files.isDirectory(dir)) {
            return; // e.g. systemd's RuntimeDirectory: its mode is the unit's business
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
            if (group.isPresent()) {
                Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group.get());
            }
        } catch (IOException e) {
            throw new IOException("cannot create control socket directory " + dir + ": " + e, e);
        }
    }

    /** Removes a socket nobody answers on; refuses a live one or a path that is no socket. */
    static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException("control socket path " + socket + " exists and is not a socket; not replacing it");
        }
        boolean answered;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            answered = true;
        } catch (IOException e) {
            answered = false;
        }
        if (answered) {
            throw new IOException("another carpd is already listening on " + socket);
        }
        Files.delete(socket); // nobody answers: left over from a crash
    }
}
