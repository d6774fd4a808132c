package org.carpd.testing.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * Moves the calling OS thread into a named network namespace with setns(2).
 *
 * <p>Only the calling thread moves (plus threads it starts later, which inherit it); the rest of
 * the JVM stays where it was. Sockets (packet sockets too) belong to the namespace of the thread
 * that opened them. Note that {@code /proc/self/net} follows the JVM's main thread, not this one.
 */
public final class NamespaceEntry {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** The two libc calls we need. */
    public interface LibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    }

    private NamespaceEntry() {
    }

    /** Enters {@code /var/run/netns/NAME} on the current thread. */
    public static void enter(String netns) {
        LibC libc = Holder.LIBC;
        String path = "/var/run/netns/" + netns;
        int fd = libc.open(path, O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new LabException("cannot open " + path + ": errno " + lastError());
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                throw new LabException("setns(" + path + ") failed: errno " + lastError());
            }
        } finally {
            libc.close(fd);
        }
    }

    /** The inode of the network namespace of the calling thread (as {@code /proc/thread-self/ns/net} shows it). */
    static long currentThreadNamespaceInode() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException e) {
            throw new LabException("cannot read /proc/thread-self/ns/net", e);
        }
    }

    /** The inode of the named namespace, comparable with {@link #currentThreadNamespaceInode()}. */
    static long namespaceInode(String netns) {
        try {
            return (Long) Files.getAttribute(Path.of("/var/run/netns/" + netns), "unix:ino");
        } catch (IOException e) {
            throw new LabException("cannot stat namespace " + netns, e);
        }
    }

    private static int lastError() {
        return Runtime.getSystemRuntime().getLastError();
    }
}
