package org.carpd.cli.posix;

/** The signal constants carpd-cli needs; the calls and socket constants are {@link org.carpd.net.ffi.LibC}'s. */
public final class Posix {
    /** signal(2)'s default disposition. */
    public static final long SIG_DFL = 0;
    public static final int SIGKILL = 9;

    private Posix() {
    }
}
