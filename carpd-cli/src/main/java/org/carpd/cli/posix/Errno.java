package org.carpd.cli.posix;

import org.carpd.net.ffi.LibC;

/** Reads the errno the last libc call left on this thread. */
public final class Errno {
    private Errno() {
    }

    /** The last errno as "strerror (errno N)". */
    public static String describeLast() {
        int errno = LibC.INSTANCE.lastErrno();
        return LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }
}
