package org.carpd.net.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.carpd.net.ffi.LibC;
import org.carpd.net.ffi.NativeMemory;

/**
 * An AF_PACKET socket bound to one Ethernet interface: whole frames in and out, after a classic
 * BPF filter in the kernel. It is what libpcap opens on Linux, without libpcap's ring: frames are
 * read one {@code recv} at a time into one buffer of {@code snaplen} bytes.
 *
 * <p>The socket is opened for no protocol, given its filter and only then bound to the
 * interface for every protocol, so no frame the filter would refuse is queued in between. A
 * receive waits at most the timeout given at open, so a reader notices {@link #close()}.
 * {@link #receive} belongs to one thread; {@link #send} may be called from any.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it.
 */
public final class PacketSocket implements AutoCloseable {
    private static final LibC C = LibC.INSTANCE;
    private static final int ETH_P_ALL = 0x0003;
    private static final int ARPHRD_ETHER = 1;
    private static final int SOCKADDR_LL_BYTES = 20;
    /** The kernel's receive queue (it doubles the figure; capped by net.core.rmem_max). */
    private static final int RECEIVE_BUFFER_BYTES = 256 << 10;

    private final String interfaceName;
    private final NativeMemory buffer;
    private volatile int fd;

    private PacketSocket(String interfaceName, int fd, int snaplen) {
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.buffer = new NativeMemory(snaplen);
    }

    /**
     * Opens a socket on {@code interfaceName} that reads what {@code filter} accepts, at most
     * {@code snaplen} bytes of each frame, and waits at most {@code timeoutMillis} per receive.
     *
     * @throws IOException naming the interface: it does not exist, is not Ethernet, or the
     *     socket cannot be opened (e.g. without CAP_NET_RAW)
     */
    public static PacketSocket open(String interfaceName, SocketFilter filter, int snaplen, int timeoutMillis)
            throws IOException {
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("not an interface name: " + interfaceName);
        }
        int ifindex = C.if_nametoindex(interfaceName);
        if (ifindex == 0) {
            throw new IOException("cannot open " + interfaceName + ": no such interface");
        }
        int fd = C.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot open a packet socket for " + interfaceName + ": "
                    + C.strerror(C.lastErrno()) + " (needs CAP_NET_RAW)");
        }
        PacketSocket socket = new PacketSocket(interfaceName, fd, snaplen);
        try {
            socket.setFilter(filter);
            socket.setIntOption(LibC.SO_RCVBUF, RECEIVE_BUFFER_BYTES, "SO_RCVBUF");
            ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()); // struct timeval
            timeout.putLong(timeoutMillis / 1000).putLong((timeoutMillis % 1000) * 1000L);
            socket.check(C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout.array(), 16), "SO_RCVTIMEO");
            socket.check(C.bind(fd, sockaddrLl(ifindex), SOCKADDR_LL_BYTES), "bind");
            byte[] bound = new byte[SOCKADDR_LL_BYTES];
            socket.check(C.getsockname(fd, bound, new int[] {bound.length}), "getsockname");
            int hatype = ByteBuffer.wrap(bound).order(ByteOrder.nativeOrder()).getShort(8) & 0xffff;
            if (hatype != ARPHRD_ETHER) {
                throw new IOException(interfaceName + " is not an Ethernet interface (hardware type " + hatype + ")");
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /** struct sockaddr_ll: family, protocol (network order), ifindex; the rest zero. */
    private static byte[] sockaddrLl(int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_BYTES).order(ByteOrder.nativeOrder());
        b.putShort((short) LibC.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ALL);
        b.order(ByteOrder.nativeOrder()).putInt(ifindex);
        return b.array();
    }

    /** Replaces the kernel filter. */
    public synchronized void setFilter(SocketFilter filter) throws IOException {
        int errno = filter.attach(openFd());
        if (errno != 0) {
            throw new IOException("cannot set the filter on " + interfaceName + ": " + C.strerror(errno));
        }
    }

    private void setIntOption(int option, int value, String name) throws IOException {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        check(C.setsockopt(fd, LibC.SOL_SOCKET, option, v, 4), name);
    }

    private void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " on the packet socket of " + interfaceName + ": "
                    + C.strerror(C.lastErrno()));
        }
    }

    /**
     * Waits for the next frame, up to the timeout, and returns it (at most snaplen bytes), or
     * null when the timeout passed or a signal came first.
     *
     * @throws IOException when the socket fails, e.g. ENETDOWN when the interface went down or
     *     away; the socket is then of no further use
     */
    public byte[] receive() throws IOException {
        long n = C.recv(openFd(), buffer, buffer.size(), 0);
        if (n < 0) {
            int errno = C.lastErrno();
            if (errno == Sockets.EAGAIN || errno == Sockets.EINTR) {
                return null;
            }
            throw new IOException(interfaceName + ": " + C.strerror(errno));
        }
        byte[] frame = new byte[(int) n];
        buffer.get(frame, frame.length);
        return frame;
    }

    /** Sends one whole Ethernet frame. */
    public synchronized void send(byte[] frame) throws IOException {
        long n;
        do {
            n = C.send(openFd(), frame, frame.length, 0);
        } while (n < 0 && C.lastErrno() == Sockets.EINTR);
        if (n < 0) {
            throw new IOException("sending a " + frame.length + "-byte frame on " + interfaceName + " failed: "
                    + C.strerror(C.lastErrno()));
        }
    }

    private int openFd() throws IOException {
        int f = fd;
        if (f < 0) {
            throw new IOException("packet socket on " + interfaceName + " is closed");
        }
        return f;
    }

    /**
     * Closes the socket. Call it once no thread is in {@link #receive}: the number could be
     * reused by the next socket opened. Idempotent. The receive buffer is left to the collector's
     * cleaner rather than freed here, so a receive still in progress cannot write to freed memory.
     */
    @Override
    public synchronized void close() {
        if (fd >= 0) {
            C.close(fd);
            fd = -1;
        }
    }
}
