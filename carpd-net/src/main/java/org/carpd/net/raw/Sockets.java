package org.carpd.net.raw;

/** The raw and packet sockets' constants beyond {@link org.carpd.net.ffi.LibC}'s (which also makes the calls). */
final class Sockets {
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
