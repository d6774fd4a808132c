package org.carpd.cli.keys;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a passphrase file can be replaced by someone other than root and carpd's own
 * user. Walks the path as the kernel does, one name at a time, following symbolic links: every
 * directory, link and the file itself must be owned by a trusted user, and no directory may be
 * writable by another user (a world-writable directory only with the sticky bit, as /tmp, where
 * only an entry's owner can replace it; a group-writable one only for group root).
 */
final class KeyFileTrust {
    private static final int MAX_LINKS = 40;
    private static final int S_IWGRP = 0020;
    private static final int S_IWOTH = 0002;
    private static final int S_ISVTX = 01000;

    private final Set<Integer> trustedUids;

    /** @param trustedUids root (0) and the daemon's own uid */
    KeyFileTrust(Set<Integer> trustedUids) {
        this.trustedUids = trustedUids;
    }

    /** Root and the uid this process runs as (the owner of /proc/self). */
    static KeyFileTrust forThisProcess() {
        try {
            int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return new KeyFileTrust(self == 0 ? Set.of(0) : Set.of(0, self));
        } catch (IOException | UnsupportedOperationException e) {
            return new KeyFileTrust(Set.of(0));
        }
    }

    /**
     * Checks every step to {@code file}.
     *
     * @throws PassFileReader.PassFileException naming the step that others could replace
     * @throws NoSuchFileException, AccessDeniedException as the walk meets them
     */
    void check(Path file) throws IOException {
        Path start = file.toAbsolutePath();
        Deque<String> names = new ArrayDeque<>();
        for (Path p : start) {
            names.add(p.toString());
        }
        Path dir = start.getRoot();
        checkDirectory(file, dir, attributes(dir));
        int links = 0;
        while (!names.isEmpty()) {
            String name = names.removeFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                dir = dir.getParent() == null ? dir : dir.getParent();
                continue;
            }
            Path next = dir.resolve(name);
            Map<String, Object> a = attributes(next);
            checkOwner(file, next, a);
            if ((Boolean) a.get("isSymbolicLink")) {
                if (++links > MAX_LINKS) {
                    throw refuse(file, "too many symbolic links");
                }
                Path target = Files.readSymbolicLink(next);
                Deque<String> rest = new ArrayDeque<>();
                for (Path p : target) {
                    rest.add(p.toString());
                }
                rest.addAll(names);
                names = rest;
                if (target.isAbsolute()) {
                    dir = target.getRoot();
                    checkDirectory(file, dir, attributes(dir));
                }
            } else if (!names.isEmpty()) {
                if (!(Boolean) a.get("isDirectory")) {
                    throw new NoSuchFileException(file.toString());
                }
                checkDirectory(file, next, a);
                dir = next;
            }
        }
    }

    private static Map<String, Object> attributes(Path p) throws IOException {
        return Files.readAttributes(p, "unix:uid,gid,mode,isSymbolicLink,isDirectory", LinkOption.NOFOLLOW_LINKS);
    }

    private void checkOwner(Path file, Path step, Map<String, Object> a) throws PassFileReader.PassFileException {
        int uid = (Integer) a.get("uid");
        if (!trustedUids.contains(uid)) {
            throw refuse(file, step + " is owned by uid " + uid
                    + ", not by root or carpd's user: that user could replace the key");
        }
    }

    private void checkDirectory(Path file, Path dir, Map<String, Object> a) throws PassFileReader.PassFileException {
        checkOwner(file, dir, a);
        int mode = (Integer) a.get("mode");
        if ((mode & S_IWGRP) != 0 && (Integer) a.get("gid") != 0) {
            throw refuse(file, "directory " + dir + " is writable by group " + a.get("gid")
                    + ": its members could replace the key");
        }
        if ((mode & S_IWOTH) != 0 && (mode & S_ISVTX) == 0) {
            throw refuse(file, "directory " + dir + " is writable by everyone: anyone could replace the key");
        }
    }

    private static PassFileReader.PassFileException refuse(Path file, String why) {
        return new PassFileReader.PassFileException("passphrase file " + file + ": " + why);
    }
}
