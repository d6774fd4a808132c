package org.carpd.cli.posix;

import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/** Reads the errno saved by the last {@code @SaveError} call on this thread. */
public final class Errno {
    private Errno() {
    }

    /** The last errno as "strerror (errno N)". */
    public static String describeLast() {
        int errno = LastError.getLastError(Runtime.getRuntime(LibC.INSTANCE));
        return LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")";
    }
}
