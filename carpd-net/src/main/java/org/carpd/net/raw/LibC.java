package org.carpd.net.raw;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** The libc calls of the raw and packet sockets, bound with jnr-ffi. */
final class LibC {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_ATTACH_FILTER = 26;
    static final int IPPROTO_IP = 0;
    static final int IP_HDRINCL = 3;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_HDRINCL = 36;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    private LibC() {
    }

    /** Public because jnr-ffi generates the implementation in its own class loader. */
    public interface Calls {
        int socket(int domain, int type, int protocol);

        int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

        int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

        int bind(int fd, @In byte[] addr, int addrlen);

        int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

        int if_nametoindex(String name);

        @ssize_t long sendto(int fd, @In byte[] buf, @size_t long len, int flags, @In byte[] addr, int addrlen);

        @ssize_t long send(int fd, @In byte[] buf, @size_t long len, int flags);

        @ssize_t long recv(int fd, Pointer buf, @size_t long len, int flags);

        int close(int fd);

        String strerror(int errnum);
    }

    static final Calls INSTANCE = LibraryLoader.create(Calls.class).load("c");

    static int lastErrno() {
        return Runtime.getRuntime(INSTANCE).getLastError();
    }

    static String strerror(int errno) {
        return INSTANCE.strerror(errno);
    }
}
