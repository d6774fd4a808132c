package org.carpd.net.raw;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.net.ffi.LibC;

/**
 * Sends CARP IP packets to unicast peers through the kernel's routing table: one raw socket per
 * address family (IP protocol 112, header included), opened when first needed and kept open.
 * The socket of a family belongs to the network namespace of the thread that opened it. Not
 * thread-safe: the protocol thread owns it.
 */
public final class RawSocketSender implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private static final int IPPROTO_CARP = 112;

    private int fd4 = -1;
    private int fd6 = -1;

    /** Opens the socket of each family that will be needed now, so the peers' packets find it open. */
    public void prepare(boolean ipv4, boolean ipv6) throws IOException {
        if (ipv4) {
            socket(false);
        }
        if (ipv6) {
            socket(true);
        }
    }

    /**
     * Sends one IP packet (IPv4 or IPv6 header and CARP) to {@code peer}; a link-local IPv6 peer
     * is reached through interface {@code ifindex}.
     *
     * @throws IOException with the peer and the kernel's reason (no route, ...)
     */
    public void send(byte[] packet, InetAddress peer, int ifindex) throws IOException {
        boolean ipv6 = !(peer instanceof Inet4Address);
        int fd = socket(ipv6);
        byte[] to = ipv6 ? sockaddrIn6(peer, peer.isLinkLocalAddress() ? ifindex : 0) : sockaddrIn(peer);
        long n;
        do {
            n = C.sendto(fd, packet, packet.length, 0, to, to.length);
        } while (n < 0 && C.lastErrno() == Sockets.EINTR);
        if (n < 0) {
            int errno = C.lastErrno();
            throw new IOException("send to carppeer " + peer.getHostAddress() + ": " + C.strerror(errno));
        }
    }

    private int socket(boolean ipv6) throws IOException {
        int fd = ipv6 ? fd6 : fd4;
        if (fd >= 0) {
            return fd;
        }
        String family = ipv6 ? "IPv6" : "IPv4";
        fd = C.socket(ipv6 ? LibC.AF_INET6 : LibC.AF_INET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, IPPROTO_CARP);
        if (fd < 0) {
            throw new IOException("open raw " + family + " socket for carppeer: " + C.strerror(C.lastErrno())
                    + " (needs CAP_NET_RAW)");
        }
        byte[] one = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
        if (C.setsockopt(fd, ipv6 ? Sockets.IPPROTO_IPV6 : Sockets.IPPROTO_IP, ipv6 ? Sockets.IPV6_HDRINCL : Sockets.IP_HDRINCL,
                one, 4) != 0) {
            int errno = C.lastErrno();
            C.close(fd);
            throw new IOException("set " + (ipv6 ? "IPV6_HDRINCL" : "IP_HDRINCL") + ": " + C.strerror(errno));
        }
        dropEverythingReceived(fd);
        if (ipv6) {
            fd6 = fd;
        } else {
            fd4 = fd;
        }
        return fd;
    }

    /**
     * Receives nothing: the socket queues no packet (the carpdev's packet socket does the
     * receiving) but still counts as a listener for protocol 112, so the kernel sends no ICMP
     * unreachable.
     */
    private static void dropEverythingReceived(int fd) throws IOException {
        int errno = SocketFilter.DROP_ALL.attach(fd);
        if (errno != 0) {
            C.close(fd);
            throw new IOException("attach socket filter: " + C.strerror(errno));
        }
    }

    /** struct sockaddr_in: family (host order), port 0, address. */
    private static byte[] sockaddrIn(InetAddress a) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_INET).putShort((short) 0).put(a.getAddress());
        return b.array();
    }

    /** struct sockaddr_in6: family, port 0, flow info 0, address, scope id. */
    private static byte[] sockaddrIn6(InetAddress a, int scope) {
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_INET6).putShort((short) 0).putInt(0).put(a.getAddress()).putInt(scope);
        return b.array();
    }

    public boolean isOpen(boolean ipv6) {
        return (ipv6 ? fd6 : fd4) >= 0;
    }

    @Override
    public void close() {
        if (fd4 >= 0) {
            C.close(fd4);
            fd4 = -1;
        }
        if (fd6 >= 0) {
            C.close(fd6);
            fd6 = -1;
        }
    }
}
