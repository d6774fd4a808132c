package org.carpd.net.netlink;

/** libc for the netlink shim ({@link org.carpd.net.ffi.LibC}). */
final class LibC {
    private LibC() {
    }

    static final org.carpd.net.ffi.LibC INSTANCE = org.carpd.net.ffi.LibC.INSTANCE;

    /** errno of the last libc call on this thread. */
    static int lastErrno() {
        return INSTANCE.lastErrno();
    }
}
