package org.carpd.net.netlink;

import java.io.IOException;
import org.carpd.net.ffi.LibC;

/**
 * Makes an interface accept frames for one more MAC address: a packet socket that receives
 * nothing (protocol 0) holding a {@code PACKET_ADD_MEMBERSHIP}, {@code PACKET_MR_MULTICAST} for a
 * multicast MAC (the NIC's multicast filter) or {@code PACKET_MR_UNICAST} for a unicast one (its
 * unicast filter, or promiscuous mode where it has none). The membership ends when the socket is
 * closed, also when the process dies. Needs CAP_NET_RAW; call from a thread in the interface's
 * network namespace.
 */
public final class LinkLayerMembership implements AutoCloseable {
    private static final int SOL_PACKET = 263;
    private static final int PACKET_ADD_MEMBERSHIP = 1;
    private static final int PACKET_MR_MULTICAST = 0;
    private static final int PACKET_MR_UNICAST = 3;

    private int fd;

    private LinkLayerMembership(int fd) {
        this.fd = fd;
    }

    /** Joins {@code mac} (6 bytes) on the interface {@code ifindex}. */
    public static LinkLayerMembership join(int ifindex, byte[] mac) throws IOException {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes");
        }
        LibC c = LibC.INSTANCE;
        int fd = c.socket(LibC.AF_PACKET, LibC.SOCK_RAW, 0);
        if (fd < 0) {
            throw new IOException("cannot open a packet socket: " + c.strerror(c.lastErrno()));
        }
        // struct packet_mreq { int mr_ifindex; unsigned short mr_type, mr_alen; unsigned char mr_address[8]; }
        byte[] mreq = new byte[16];
        java.nio.ByteBuffer.wrap(mreq).order(java.nio.ByteOrder.nativeOrder()).putInt(ifindex)
                .putShort((short) ((mac[0] & 1) != 0 ? PACKET_MR_MULTICAST : PACKET_MR_UNICAST)).putShort((short) 6)
                .put(mac);
        if (c.setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq, mreq.length) != 0) {
            int errno = c.lastErrno();
            c.close(fd);
            throw new IOException("cannot join the link-layer address on ifindex " + ifindex + ": " + c.strerror(errno));
        }
        return new LinkLayerMembership(fd);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LibC.INSTANCE.close(fd);
            fd = -1;
        }
    }
}
