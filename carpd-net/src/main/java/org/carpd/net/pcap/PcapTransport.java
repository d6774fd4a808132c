package org.carpd.net.pcap;

import java.io.IOException;
import java.util.Objects;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.PcapDirection;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.RawPacketListener;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends and receives CARP frames on one Ethernet interface through libpcap.
 *
 * <p>The handle is opened in immediate mode (each frame is delivered at once, not batched),
 * non-promiscuous, with a kernel BPF filter {@value #FILTER} so only CARP reaches user space,
 * and with direction "in" so frames this host sends (ours or any other local sender's) are not
 * read back. Where libpcap cannot set the direction the transport still works; PF_PACKET on
 * Linux never returns a socket's own transmissions to it anyway. The IPv6 filter matches only
 * CARP directly after the fixed header (no extension headers), which is what carp(4) sends.
 *
 * <p>A daemon thread ({@code carpd-pcap-IFNAME}) reads frames and passes them to the
 * {@link FrameHandler}. {@link #close()} breaks the loop, waits for that thread and closes the
 * handle.
 *
 * <p>Inside a network namespace entered with setns(2), call {@link #open} from a thread in that
 * namespace; the handle keeps working from any thread after that.
 */
public final class PcapTransport implements FrameSender, AutoCloseable {
    /** The kernel filter: IP protocol 112 (CARP/VRRP) over IPv4 and IPv6. */
    public static final String FILTER = "ip proto 112 or ip6 proto 112";
    /**
     * Bytes kept of each frame: more than the longest frame carpd reads (CARP after a 60-byte IPv4
     * header is 110 bytes; a neighbour solicitation with its options about 100); a longer frame
     * arrives cut short and fails to decode, as it would anyway. It also sizes the kernel ring's
     * slots: in immediate mode libpcap uses TPACKET_V2, one slot per frame of snaplen plus about
     * 80 bytes, and with 2048 each slot took a 4 KB page of its own.
     */
    static final int SNAPLEN = 256;
    static final int READ_TIMEOUT_MILLIS = 100;
    /**
     * The kernel ring per carpdev, resident in full: 256 KB hold about 780 frames of SNAPLEN
     * (with a snaplen of 2048, 1 MB held 496 and took 2 MB); the capture thread empties it at once.
     */
    static final int BUFFER_BYTES = 256 << 10;
    private static final long CLOSE_WAIT_MILLIS = 2000;
    private static final Logger log = LoggerFactory.getLogger(PcapTransport.class);

    private final String interfaceName;
    private final PcapHandle handle;
    private final FrameHandler handler;
    private final Thread receiver;
    private volatile boolean closed;
    private volatile boolean closedByHandler;

    private PcapTransport(String interfaceName, PcapHandle handle, FrameHandler handler) {
        this.interfaceName = interfaceName;
        this.handle = handle;
        this.handler = handler;
        this.receiver = new Thread(this::receiveLoop, "carpd-pcap-" + interfaceName);
        this.receiver.setDaemon(true);
    }

    /**
     * Opens {@code interfaceName}, installs the filter and starts the receive thread.
     *
     * @throws IOException if the interface does not exist, is not Ethernet, or cannot be opened
     *     (e.g. missing CAP_NET_RAW)
     */
    public static PcapTransport open(String interfaceName, FrameHandler handler) throws IOException {
        Objects.requireNonNull(handler, "handler");
        if (interfaceName == null || interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("not an interface name: " + interfaceName);
        }
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(interfaceName)
                    .snaplen(SNAPLEN)
                    .bufferSize(BUFFER_BYTES)
                    .promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(READ_TIMEOUT_MILLIS)
                    .immediateMode(true)
                    .build();
        } catch (PcapNativeException e) {
            throw new IOException("cannot open " + interfaceName + " for capture: " + e.getMessage(), e);
        }
        try {
            if (!DataLinkType.EN10MB.equals(handle.getDlt())) {
                throw new IOException(interfaceName + " is not an Ethernet interface (link type "
                        + handle.getDlt() + ")");
            }
            try {
                handle.setDirection(PcapDirection.IN);
            } catch (PcapNativeException e) {
                log.warn("{}: cannot capture inbound only ({}); relying on PF_PACKET not looping our own frames",
                        interfaceName, e.getMessage());
            }
            handle.setFilter(FILTER, BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException | IOException e) {
            handle.close();
            throw e instanceof IOException io ? io
                    : new IOException("cannot set up capture on " + interfaceName + ": " + e.getMessage(), e);
        }
        PcapTransport transport = new PcapTransport(interfaceName, handle, handler);
        transport.receiver.start();
        return transport;
    }

    /**
     * The filter for a carpdev with load-balanced interfaces: CARP, and also ARP requests and
     * neighbour solicitations (ICMPv6 type 135 directly after the fixed header), which carpd answers
     * for balanced addresses.
     */
    public static final String FILTER_BALANCING = FILTER
            + " or (arp and arp[6:2] == 1) or (ip6 and ip6[6] == 58 and ip6[40] == 135)";

    /** Replaces the kernel filter, e.g. with {@link #FILTER_BALANCING}. */
    public void setFilter(String filter) throws IOException {
        try {
            handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            throw new IOException("cannot set the capture filter on " + interfaceName + ": " + e.getMessage(), e);
        }
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
        try {
            handle.sendPacket(frame);
        } catch (PcapNativeException e) {
            throw new IOException("sending a " + frame.length + "-byte frame on " + interfaceName + " failed: "
                    + e.getMessage(), e);
        } catch (NotOpenException e) {
            throw new IOException("transport on " + interfaceName + " is closed", e);
        }
    }

    /** True while the receive thread is running. */
    public boolean isReceiving() {
        return receiver.isAlive();
    }

    private void receiveLoop() {
        org.carpd.net.sched.Realtime.applyToCaptureThread();
        RawPacketListener listener = frame -> {
            try {
                handler.onFrame(frame, frame.length);
            } catch (RuntimeException e) {
                log.warn("{}: frame handler failed, frame dropped", interfaceName, e);
            }
        };
        try {
            handle.loop(-1, listener);
        } catch (InterruptedException e) {
            // pcap_breakloop from close(): the normal way out
        } catch (PcapNativeException | NotOpenException e) {
            if (!closed) {
                log.error("{}: capture stopped: {}", interfaceName, e.getMessage());
                handler.onCaptureStopped(String.valueOf(e.getMessage()));
            }
        }
        if (closed && closedByHandler) {
            handle.close();
        }
    }

    /** Stops receiving and releases the handle; returns within about two seconds. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean fromHandler = Thread.currentThread() == receiver;
        closedByHandler = fromHandler;
        try {
            handle.breakLoop();
        } catch (NotOpenException ignored) {
            // already closed
        }
        if (fromHandler) {
            return; // the receive thread closes the handle once the loop has returned
        }
        try {
            receiver.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (receiver.isAlive()) {
            // pcap4j's close() would block on the loop's lock; leak the handle rather than hang
            log.error("{}: receive thread did not stop within {} ms; handle left open", interfaceName,
                    CLOSE_WAIT_MILLIS);
            return;
        }
        handle.close();
    }

    @Override
    public String toString() {
        return "PcapTransport[" + interfaceName + (closed ? ", closed" : "") + "]";
    }
}
