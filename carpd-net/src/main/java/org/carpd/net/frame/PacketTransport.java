package org.carpd.net.frame;

import java.io.IOException;
import java.util.Objects;
import org.carpd.net.raw.PacketSocket;
import org.carpd.net.raw.SocketFilter;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends and receives CARP frames on one Ethernet interface through a packet socket
 * ({@link PacketSocket}).
 *
 * <p>The kernel filter ({@link #FILTER}) lets only CARP reach user space, and only inbound,
 * untagged frames: those this host sends (ours or any other local sender's) are not read back,
 * and those of a VLAN on the interface are left to the VLAN interface. Each
 * frame is delivered as it arrives. The IPv6 filter matches CARP directly after the fixed header
 * or a fragment header (no other extension headers), which is what carp(4) sends.
 *
 * <p>A daemon thread ({@code carpd-rx-IFNAME}) reads frames and passes them to the
 * {@link FrameHandler}. {@link #close()} stops that thread (within the receive timeout) and
 * closes the socket.
 *
 * <p>Inside a network namespace entered with setns(2), call {@link #open} from a thread in that
 * namespace; the socket keeps working from any thread after that.
 */
public final class PacketTransport implements FrameSender, AutoCloseable {
    /**
     * Bytes kept of each frame: more than the longest frame carpd reads (CARP after a 60-byte IPv4
     * header is 110 bytes; a neighbour solicitation with its options about 100); a longer frame
     * arrives cut short and fails to decode, as it would anyway.
     */
    public static final int SNAPLEN = 256;
    static final int READ_TIMEOUT_MILLIS = 100;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    /** IP protocol 112 (CARP/VRRP) over IPv4 and IPv6: {@code tcpdump -s 256 -dd 'ip proto 112 or ip6 proto 112'}. */
    private static final int[] CARP = {
        0x28, 0, 0, 0x0000000c,
        0x15, 0, 2, 0x00000800,
        0x30, 0, 0, 0x00000017,
        0x15, 6, 7, 0x00000070,
        0x15, 0, 6, 0x000086dd,
        0x30, 0, 0, 0x00000014,
        0x15, 3, 0, 0x00000070,
        0x15, 0, 3, 0x0000002c,
        0x30, 0, 0, 0x00000036,
        0x15, 0, 1, 0x00000070,
        0x06, 0, 0, SNAPLEN,
        0x06, 0, 0, 0,
    };

    /**
     * CARP, ARP requests and neighbour solicitations (ICMPv6 type 135 directly after the fixed
     * header): {@code tcpdump -s 256 -dd 'ip proto 112 or ip6 proto 112 or (arp and arp[6:2] == 1)
     * or (ip6 and ip6[6] == 58 and ip6[40] == 135)'}.
     */
    private static final int[] CARP_ARP_NS = {
        0x28, 0, 0, 0x0000000c,
        0x15, 0, 2, 0x00000800,
        0x30, 0, 0, 0x00000017,
        0x15, 13, 14, 0x00000070,
        0x15, 0, 9, 0x000086dd,
        0x30, 0, 0, 0x00000014,
        0x15, 10, 0, 0x00000070,
        0x15, 0, 2, 0x0000002c,
        0x30, 0, 0, 0x00000036,
        0x15, 7, 0, 0x00000070,
        0x30, 0, 0, 0x00000014,
        0x15, 0, 6, 0x0000003a,
        0x30, 0, 0, 0x00000036,
        0x15, 3, 4, 0x00000087,
        0x15, 0, 3, 0x00000806,
        0x28, 0, 0, 0x00000014,
        0x15, 0, 1, 0x00000001,
        0x06, 0, 0, SNAPLEN,
        0x06, 0, 0, 0,
    };

    /** The kernel filter of a carpdev: inbound, untagged CARP. */
    public static final SocketFilter FILTER = untagged(true, CARP);

    /**
     * The filter for a carpdev with load-balanced interfaces: inbound and untagged CARP, ARP
     * requests and neighbour solicitations, which carpd answers for balanced addresses.
     */
    public static final SocketFilter FILTER_BALANCING = untagged(true, CARP_ARP_NS);

    /** Untagged CARP in both directions: {@code carpctl decode -i} shows this host's own advertisements too. */
    public static final SocketFilter FILTER_BOTH_DIRECTIONS = untagged(false, CARP);

    private static final Logger log = LoggerFactory.getLogger(PacketTransport.class);

    private final String interfaceName;
    private final PacketSocket socket;
    private final FrameHandler handler;
    private final Thread receiver;
    private volatile boolean closed;

    private PacketTransport(String interfaceName, PacketSocket socket, FrameHandler handler) {
        this.interfaceName = interfaceName;
        this.socket = socket;
        this.handler = handler;
        this.receiver = new Thread(this::receiveLoop, "carpd-rx-" + interfaceName);
        this.receiver.setDaemon(true);
    }

    /**
     * Prepends to a program whose last instruction returns 0 the jumps to it for a frame whose
     * 802.1Q tag the kernel took off (it belongs to a VLAN interface; libpcap would put the tag back
     * and carpd refuse the frame) and, if {@code inboundOnly}, for a frame this host sends (packet
     * type PACKET_OUTGOING: how libpcap captures in direction "in").
     */
    static SocketFilter untagged(boolean inboundOnly, int... program) {
        int n = program.length / 4;
        int[] prefix = inboundOnly
                ? new int[] {
                    0x20, 0, 0, 0xfffff004, // ld [SKF_AD_OFF + SKF_AD_PKTTYPE]
                    0x15, n + 1, 0, 4, // jeq #PACKET_OUTGOING: to the last instruction
                    0x20, 0, 0, 0xfffff030, // ld [SKF_AD_OFF + SKF_AD_VLAN_TAG_PRESENT]
                    0x15, 0, n - 1, 0} // jeq #0, else to the last instruction
                : new int[] {
                    0x20, 0, 0, 0xfffff030,
                    0x15, 0, n - 1, 0};
        int[] code = new int[prefix.length + program.length];
        System.arraycopy(prefix, 0, code, 0, prefix.length);
        System.arraycopy(program, 0, code, prefix.length, program.length);
        return new SocketFilter(code);
    }

    /**
     * Opens {@code interfaceName}, installs {@link #FILTER} and starts the receive thread.
     *
     * @throws IOException if the interface does not exist, is not Ethernet, or cannot be opened
     *     (e.g. missing CAP_NET_RAW)
     */
    public static PacketTransport open(String interfaceName, FrameHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        PacketSocket socket = PacketSocket.open(interfaceName, FILTER, SNAPLEN, READ_TIMEOUT_MILLIS);
        PacketTransport transport = new PacketTransport(interfaceName, socket, handler);
        transport.receiver.start();
        return transport;
    }

    /** Replaces the kernel filter, e.g. with {@link #FILTER_BALANCING}. */
    public void setFilter(SocketFilter filter) throws IOException {
        socket.setFilter(filter);
    }

    /** The interface this transport is bound to. */
    public String interfaceName() {
        return interfaceName;
    }

    /** Sends one Ethernet frame; thread-safe. */
    @Override
    public void send(byte[] frame) throws IOException {
        if (frame.length < 14) {
            throw new IllegalArgumentException("an Ethernet frame has at least 14 bytes, not " + frame.length);
        }
        if (closed) {
            throw new IOException("transport on " + interfaceName + " is closed");
        }
        socket.send(frame);
    }

    /** True while the receive thread is running. */
    public boolean isReceiving() {
        return receiver.isAlive();
    }

    private void receiveLoop() {
        Realtime.applyToCaptureThread();
        try {
            while (!closed) {
                byte[] frame;
                try {
                    frame = socket.receive();
                } catch (IOException e) {
                    if (!closed) {
                        log.error("{}: capture stopped: {}", interfaceName, e.getMessage());
                        handler.onCaptureStopped(String.valueOf(e.getMessage()));
                    }
                    return;
                }
                if (frame != null && !closed) {
                    try {
                        handler.onFrame(frame, frame.length);
                    } catch (RuntimeException e) {
                        log.warn("{}: frame handler failed, frame dropped", interfaceName, e);
                    }
                }
            }
        } finally {
            if (closed) {
                socket.close();
            }
        }
    }

    /**
     * Stops receiving and releases the socket; returns within about the receive timeout
     * ({@value #READ_TIMEOUT_MILLIS} ms). Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() == receiver) {
            return; // the receive loop closes the socket once the handler has returned
        }
        try {
            receiver.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiver.isAlive()) {
            // closing now could hand its number to the next socket while the thread still reads it
            log.error("{}: receive thread did not stop within {} ms; socket left open", interfaceName,
                    CLOSE_WAIT_MILLIS);
        } else {
            socket.close();
        }
    }

    @Override
    public String toString() {
        return "PacketTransport[" + interfaceName + (closed ? ", closed" : "") + "]";
    }
}
