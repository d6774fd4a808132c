package org.carpd.cli.posix;

/** The libc constants carpd-cli needs; the calls are {@link org.carpd.net.ffi.LibC}'s. */
public final class Posix {
    public static final int AF_UNIX = 1;
    public static final int SOCK_DGRAM = 2;
    /** Linux: close the descriptor in children; keeps hook processes from inheriting it. */
    public static final int SOCK_CLOEXEC = 02000000;
    /** signal(2)'s default disposition. */
    public static final long SIG_DFL = 0;
    public static final int SIGKILL = 9;

    private Posix() {
    }
}
