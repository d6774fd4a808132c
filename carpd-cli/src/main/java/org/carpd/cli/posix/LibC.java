package org.carpd.cli.posix;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** jnr-ffi binding of the libc functions carpd-cli needs. Use {@link #INSTANCE}. */
public interface LibC {
    int AF_UNIX = 1;
    int SOCK_DGRAM = 2;
    /** Linux: close the descriptor in children; keeps hook processes from inheriting it. */
    int SOCK_CLOEXEC = 02000000;
    /** signal(2)'s default disposition. */
    long SIG_DFL = 0;

    LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    @ssize_t
    long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    @SaveError
    @ssize_t
    long recv(int fd, byte[] buf, @size_t long len, int flags);

    int close(int fd);

    /** signal(2); {@code handler} is SIG_DFL here. Returns the previous disposition. */
    @intptr_t
    long signal(int signum, @intptr_t long handler);

    int SIGKILL = 9;

    /** kill(2); a negative {@code pid} signals that process group. */
    @SaveError
    int kill(int pid, int sig);

    /** Returns a {@code struct group *} or null; not thread-safe (static buffer), callers lock. */
    Pointer getgrnam(String name);

    String strerror(int errnum);
}
