package org.carpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.carpd.net.ffi.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link change notifications from the kernel: a netlink socket joined to the RTMGRP_LINK multicast
 * group and, if opened with {@link #openWithAddresses()}, to RTMGRP_IPV4_IFADDR and
 * RTMGRP_IPV6_IFADDR as well. Use either {@link #poll(Duration)} / {@link #pollAll(Duration)} from
 * one thread or {@link #startDelivering} to get a delivery thread. {@link #close()} may be called from any thread and returns promptly: it wakes
 * a blocked poll through an eventfd.
 *
 * <p>The socket belongs to the network namespace of the thread that called {@link #open()}.
 */
public final class LinkEventSubscriber implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkEventSubscriber.class);
    private static final LibC C = LibC.INSTANCE;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    private static final short POLLIN = 0x1;
    private static final int MSG_DONTWAIT = 0x40;

    private final NetlinkSocket socket;
    private final int wakeFd;
    private final byte[] buffer = new byte[NetlinkSocket.RECEIVE_BUFFER];
    private final ReentrantLock pollLock = new ReentrantLock();
    private volatile boolean closed;
    private Thread deliveryThread;

    private LinkEventSubscriber(NetlinkSocket socket, int wakeFd) {
        this.socket = socket;
        this.wakeFd = wakeFd;
    }

    /** Link events only. */
    public static LinkEventSubscriber open() throws NetlinkException {
        return open(Rtnl.RTMGRP_LINK);
    }

    /** Link events and IPv4/IPv6 address events (RTM_NEWADDR, RTM_DELADDR). */
    public static LinkEventSubscriber openWithAddresses() throws NetlinkException {
        return open(Rtnl.RTMGRP_LINK | Rtnl.RTMGRP_IPV4_IFADDR | Rtnl.RTMGRP_IPV6_IFADDR);
    }

    private static LinkEventSubscriber open(int groups) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(groups, 0);
        int wakeFd = C.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (wakeFd < 0) {
            int errno = C.lastErrno();
            socket.close();
            throw new NetlinkException("create eventfd for link events", errno);
        }
        return new LinkEventSubscriber(socket, wakeFd);
    }

    /**
     * Waits up to {@code timeout} for link events and returns those that arrived (empty on timeout or
     * once closed). Throws NetlinkException with errno ENOBUFS when the kernel dropped events; the
     * subscriber stays usable, and the caller should re-read the links.
     */
    public List<LinkEvent> poll(Duration timeout) throws NetlinkException {
        List<LinkEvent> links = new ArrayList<>();
        for (RouteEvent e : pollAll(timeout)) {
            if (e instanceof LinkEvent l) {
                links.add(l);
            }
        }
        return links;
    }

    /** As {@link #poll(Duration)}, with address events too (in the order the kernel sent them). */
    public List<RouteEvent> pollAll(Duration timeout) throws NetlinkException {
        pollLock.lock();
        try {
            if (closed || !awaitReadable(timeout)) {
                return List.of();
            }
            List<RouteEvent> events = new ArrayList<>();
            // Drain what is queued without blocking, so one poll returns a burst in one list.
            while (true) {
                long n = C.recv(socket.fd(), buffer, buffer.length, MSG_DONTWAIT);
                if (n < 0) {
                    int errno = C.lastErrno();
                    if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
                        return events;
                    }
                    throw new NetlinkException("receive link events", errno);
                }
                for (NetlinkMessage m : NetlinkMessage.parseAll(buffer, (int) n)) {
                    try {
                        parse(m, events);
                    } catch (NetlinkException malformed) {
                        LOG.warn("skipped a netlink event: {}", malformed.getMessage()); // one bad message, not the stream
                    }
                }
            }
        } finally {
            pollLock.unlock();
        }
    }

    private static void parse(NetlinkMessage m, List<RouteEvent> events) throws NetlinkException {
        if (m.type() == Rtnl.RTM_NEWLINK || m.type() == Rtnl.RTM_DELLINK) {
            events.add(new LinkEvent(RtnlParser.link(m, "parse link event"), m.type() == Rtnl.RTM_DELLINK));
        } else if (m.type() == Rtnl.RTM_NEWADDR || m.type() == Rtnl.RTM_DELADDR) {
            boolean removed = m.type() == Rtnl.RTM_DELADDR;
            RtnlParser.address(m, "parse address event").ifPresent(a -> events.add(new AddressEvent(a, removed)));
        }
    }

    /**
     * Starts a daemon thread that polls and hands events to {@code listener} until {@link #close()}.
     * At most one delivery thread per subscriber.
     */
    public synchronized Thread startDelivering(LinkEventListener listener, String threadName) {
        if (deliveryThread != null) {
            throw new IllegalStateException("already delivering link events");
        }
        if (closed) {
            throw new IllegalStateException("link event subscriber is closed");
        }
        Thread t = new Thread(() -> deliver(listener), threadName);
        t.setDaemon(true);
        deliveryThread = t;
        t.start();
        return t;
    }

    private void deliver(LinkEventListener listener) {
        while (!closed) {
            try {
                for (RouteEvent e : pollAll(Duration.ofSeconds(1))) {
                    try {
                        if (e instanceof LinkEvent link) {
                            listener.onLinkEvent(link);
                        } else if (e instanceof AddressEvent address) {
                            listener.onAddressEvent(address);
                        }
                    } catch (RuntimeException bug) {
                        LOG.warn("netlink event listener failed on {}", e, bug);
                    }
                }
            } catch (NetlinkException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    listener.onEventsLost();
                } else {
                    if (!closed) {
                        listener.onError(e);
                    }
                    return;
                }
            }
        }
    }

    /** poll(2) on the netlink socket and the wake-up eventfd; true when the socket is readable. */
    private boolean awaitReadable(Duration timeout) throws NetlinkException {
        ByteBuffer fds = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        fds.putInt(socket.fd()).putShort(POLLIN).putShort((short) 0);
        fds.putInt(wakeFd).putShort(POLLIN).putShort((short) 0);
        byte[] pollfds = fds.array();
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis()));
        int n = C.poll(pollfds, 2, millis);
        if (n < 0) {
            int errno = C.lastErrno();
            if (errno == Errno.EINTR) {
                return false;
            }
            throw new NetlinkException("wait for link events", errno);
        }
        ByteBuffer result = ByteBuffer.wrap(pollfds).order(ByteOrder.nativeOrder());
        return !closed && result.getShort(6) != 0;
    }

    @Override
    public void close() {
        Thread toJoin;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toJoin = deliveryThread;
        }
        byte[] one = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(1).array();
        C.write(wakeFd, one, one.length);
        // Close the descriptors only once no poll() is using them, so a reused number is never polled.
        pollLock.lock();
        try {
            socket.close();
            C.close(wakeFd);
        } finally {
            pollLock.unlock();
        }
        if (toJoin != null && toJoin != Thread.currentThread()) {
            try {
                toJoin.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
