package org.carpd.net.raw;

/** The constants of the raw and packet sockets; the calls are {@link org.carpd.net.ffi.LibC}'s. */
final class Sockets {
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

    private Sockets() {
    }
}
