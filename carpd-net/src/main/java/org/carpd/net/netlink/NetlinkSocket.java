package org.carpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.carpd.net.ffi.LibC;

/**
 * A raw netlink socket file descriptor (NETLINK_ROUTE unless opened for another protocol). The
 * socket belongs to the network namespace of the thread that opened it, for its whole life,
 * whichever thread uses it later. Not thread-safe.
 */
final class NetlinkSocket implements AutoCloseable {
    /** Big enough for any rtnetlink dump chunk (the kernel uses at most 32 KiB) plus headroom. */
    static final int RECEIVE_BUFFER = 64 * 1024;

    private static final LibC C = LibC.INSTANCE;

    private final int fd;
    private final int portId;
    private boolean closed;

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /**
     * Opens and binds a socket. {@code groups} is a RTMGRP_* multicast bit mask (0 for a
     * request/response socket); {@code receiveTimeoutMillis} bounds each blocking receive (0: none).
     */
    static NetlinkSocket open(int groups, int receiveTimeoutMillis) throws NetlinkException {
        return open(Rtnl.NETLINK_ROUTE, groups, receiveTimeoutMillis);
    }

    /** As {@link #open(int, int)} for another netlink {@code protocol}. */
    static NetlinkSocket open(int protocol, int groups, int receiveTimeoutMillis) throws NetlinkException {
        int fd = C.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new NetlinkException("open netlink socket", C.lastErrno());
        }
        try {
            // Best effort: extended acks give kernel error text; capped acks keep error replies small.
            setIntOption(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_EXT_ACK, 1);
            setIntOption(fd, Rtnl.SOL_NETLINK, Rtnl.NETLINK_CAP_ACK, 1);
            if (groups != 0) {
                // Event sockets: a larger buffer makes ENOBUFS (lost events) less likely under bursts.
                setIntOption(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, 1 << 20);
            }
            if (receiveTimeoutMillis > 0) {
                ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
                tv.putLong(receiveTimeoutMillis / 1000).putLong((receiveTimeoutMillis % 1000) * 1000L);
                if (C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv.array(), 16) != 0) {
                    throw new NetlinkException("set netlink receive timeout", C.lastErrno());
                }
            }
            byte[] addr = sockaddrNl(0, groups);
            if (C.bind(fd, addr, addr.length) != 0) {
                throw new NetlinkException("bind netlink socket (groups 0x" + Integer.toHexString(groups) + ")",
                        C.lastErrno());
            }
            byte[] bound = new byte[12];
            int[] len = {bound.length};
            if (C.getsockname(fd, bound, len) != 0) {
                throw new NetlinkException("read netlink port id", C.lastErrno());
            }
            int portId = ByteBuffer.wrap(bound).order(ByteOrder.nativeOrder()).getInt(4);
            return new NetlinkSocket(fd, portId);
        } catch (NetlinkException | RuntimeException e) {
            C.close(fd);
            throw e;
        }
    }

    private static void setIntOption(int fd, int level, int name, int value) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        C.setsockopt(fd, level, name, v, 4);
    }

    /** struct sockaddr_nl: family, padding, port id, multicast groups. */
    private static byte[] sockaddrNl(int portId, int groups) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_NETLINK).putShort((short) 0).putInt(portId).putInt(groups).array();
    }

    int fd() {
        return fd;
    }

    int portId() {
        return portId;
    }

    void send(byte[] message, String operation) throws NetlinkException {
        byte[] kernel = sockaddrNl(0, 0);
        long n;
        do {
            n = C.sendto(fd, message, message.length, 0, kernel, kernel.length);
        } while (n < 0 && C.lastErrno() == Errno.EINTR);
        if (n < 0) {
            throw new NetlinkException(operation + " (send)", C.lastErrno());
        }
    }

    /**
     * Blocks for one datagram and returns its length. A receive timeout surfaces as a
     * NetlinkException with errno EAGAIN; lost multicast events as ENOBUFS.
     */
    int receive(byte[] buffer, String operation) throws NetlinkException {
        long n;
        do {
            n = C.recv(fd, buffer, buffer.length, 0);
        } while (n < 0 && C.lastErrno() == Errno.EINTR);
        if (n < 0) {
            throw new NetlinkException(operation + " (receive)", C.lastErrno());
        }
        return (int) n;
    }

    /**
     * Sends one request and collects the replies with its sequence number up to the ACK (NLMSG_ERROR
     * with 0) or, for dumps, NLMSG_DONE. A negative error becomes a NetlinkException.
     */
    List<NetlinkMessage> transact(MessageBuilder request, int seq, byte[] buffer, String op) throws NetlinkException {
        send(request.build(seq), op);
        List<NetlinkMessage> replies = new ArrayList<>();
        while (true) {
            int n = receive(buffer, op);
            for (NetlinkMessage m : NetlinkMessage.parseAll(buffer, n)) {
                if (m.seq() != seq || m.portId() != portId) {
                    continue; // a late reply to an earlier request that timed out
                }
                switch (m.type()) {
                    case Rtnl.NLMSG_ERROR -> {
                        int code = m.errorCode();
                        if (code == 0) {
                            return replies;
                        }
                        throw new NetlinkException(op, -code, m.extendedAckMessage());
                    }
                    case Rtnl.NLMSG_DONE -> {
                        int code = m.payload().limit() >= 4 ? m.payload().getInt(0) : 0;
                        if (code < 0) {
                            throw new NetlinkException(op, -code, m.extendedAckMessage());
                        }
                        return replies;
                    }
                    case Rtnl.NLMSG_NOOP, Rtnl.NLMSG_OVERRUN -> {
                    }
                    default -> replies.add(m);
                }
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }
}
