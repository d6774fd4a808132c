package org.carpd.net.netlink;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The few libc calls the netlink shim needs, bound with jnr-ffi. */
final class LibC {
    private LibC() {
    }

    /** Public because jnr-ffi generates the implementation in its own class loader. */
    public interface Calls {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @In byte[] addr, int addrlen);

        int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

        int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

        @ssize_t long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

        @ssize_t long recv(int fd, @Out byte[] buf, @size_t long len, int flags);

        /** {@code fds} is an array of {@code struct pollfd} (8 bytes each); nfds_t is an unsigned long. */
        int poll(@In @Out byte[] fds, @size_t long nfds, int timeoutMillis);

        int eventfd(int initval, int flags);

        @ssize_t long write(int fd, @In byte[] buf, @size_t long len);

        int close(int fd);

        String strerror(int errnum);
    }

    static final Calls INSTANCE = LibraryLoader.create(Calls.class).load("c");

    /** errno of the last call made through {@link #INSTANCE} on this thread. */
    static int lastErrno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }
}
