package org.carpd.testing.sim;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.engine.TransitionReason;
import org.carpd.core.wire.MacAddress;

/**
 * One host on the simulated LAN: carpd ({@link SimNode}) or a model of another CARP
 * implementation ({@link PeerNode}). What every host shares: its carpdevs (each on its own
 * segment of the LAN), its own monotonic clock (the LAN's time plus an offset that can jump),
 * whether it is running, whether its sends fail, and the virtual addresses it holds.
 */
public abstract sealed class SimHost permits SimNode, PeerNode {
    final SimulatedLan lan;
    private final String name;
    private final int index;
    final Map<String, CarpdevInfo> carpdevs = new TreeMap<>();
    final Set<VirtualAddress> addresses = new LinkedHashSet<>();
    boolean alive;
    private boolean sendFails;
    private boolean everFailedToSend;
    private long clockOffset;

    SimHost(SimulatedLan lan, String name, int index) {
        this.lan = lan;
        this.name = name;
        this.index = index;
    }

    /** Gives carpdev number k (in order of appearance) MAC 02:00:00:00:k:i, 198.18.k.i and fe80::k:i. */
    final void addCarpdev(String carpdev) {
        if (carpdevs.containsKey(carpdev)) {
            return;
        }
        byte k = (byte) carpdevs.size();
        byte i = (byte) index;
        carpdevs.put(carpdev, new CarpdevInfo(true, MacAddress.of(new byte[] {2, 0, 0, 0, k, i}),
                Optional.of((Inet4Address) address(new byte[] {(byte) 198, 18, k, i})),
                Optional.of((Inet6Address) address(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, k, i}))));
    }

    static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Gives {@code carpdev} another IPv4 source address (before {@link #start()}), e.g. to test
     * tie breaks that compare addresses differing in more than the last octet.
     */
    public SimHost withIpv4(String carpdev, String ipv4) {
        if (alive) {
            throw new IllegalStateException(name + " is running");
        }
        CarpdevInfo info = carpdevs.get(carpdev);
        if (info == null) {
            throw new IllegalArgumentException(name + " has no carpdev " + carpdev);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(ipv4); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ipv4, e);
        }
        carpdevs.put(carpdev, new CarpdevInfo(info.up(), info.mac(), Optional.of((Inet4Address) a), info.linkLocal()));
        return this;
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return alive;
    }

    /** Whether every carpdev has carrier. */
    public boolean linkUp() {
        return carpdevs.values().stream().allMatch(CarpdevInfo::up);
    }

    /** The host's own monotonic time. */
    public long localNow() {
        return lan.clock().now() + clockOffset;
    }

    /** The virtual addresses this host holds now. */
    public Set<VirtualAddress> addresses() {
        return Set.copyOf(addresses);
    }

    /** The state of one carp interface (INIT while the host is down). */
    public abstract CarpState state(String carpInterface);

    /** The carp interfaces this host runs, by name. */
    public abstract List<String> carpInterfaces();

    /** Boots the host with fresh state (nothing survives a crash or stop). */
    public abstract void start();

    /** The host dies at once: no bow-out, its addresses vanish with it. */
    public void crash() {
        alive = false;
        addresses.clear();
        stopTimers();
    }

    /** Graceful stop, as the implementation does it (with or without a bow-out). */
    public abstract void stop();

    /** Whether a master of this kind sends a 255/255 bow-out when stopped gracefully. */
    public abstract boolean bowsOut();

    /**
     * How long this host, as BACKUP of {@code carpInterface}, waits for an advertisement before
     * declaring the master down, with its current settings.
     */
    public abstract long masterDownInterval(String carpInterface);

    /**
     * The longest this host, as MASTER of {@code carpInterface}, can take between two
     * advertisements, allowing for whatever demotion raises it to (FreeBSD and ucarp advertise
     * with advskew 240 when demoted), plus {@link #timerSlack()}.
     */
    public abstract long maxAdvertisementInterval(String carpInterface);

    /** How late this host's timers may fire (kernel tick, poll granularity); 0 for carpd. */
    public long timerSlack() {
        return 0;
    }

    /** Carrier loss or return on every carpdev. */
    public void setLink(boolean up) {
        for (String dev : List.copyOf(carpdevs.keySet())) {
            setLink(dev, up);
        }
    }

    /** Carrier loss or return on one carpdev: frames stop both ways and the host is told. */
    public void setLink(String carpdev, boolean up) {
        CarpdevInfo before = carpdevs.get(carpdev);
        CarpdevInfo info = before.withUp(up);
        carpdevs.put(carpdev, info);
        if (alive) {
            carpdevChanged(carpdev, info, before.up() != up);
        }
    }

    public boolean sendFails() {
        return sendFails;
    }

    /** Make every send fail (a broken NIC driver) or work again. */
    /** True once this host has been made to fail its sends (see {@link #setSendFails}). */
    public boolean everFailedToSend() {
        return everFailedToSend;
    }

    public void setSendFails(boolean fails) {
        this.sendFails = fails;
        this.everFailedToSend |= fails;
    }

    /** The host's monotonic clock jumps forward (a VM paused and resumed, say): overdue timers fire. */
    public void jumpClock(long delta) {
        clockOffset += delta;
        if (alive) {
            clockJumped();
        }
    }

    /** The host is told of its carpdev; {@code changed} is false when carrier stayed as it was. */
    abstract void carpdevChanged(String carpdev, CarpdevInfo info, boolean changed);

    abstract void clockJumped();

    /** Forgets every pending timer (the host died). */
    abstract void stopTimers();

    /** A frame arrives on {@code carpdev}; dropped if the host is down or the link is. */
    abstract void receive(String carpdev, byte[] frame);

    /** Puts a frame on the segment if the link is up and sends work; returns whether it went out. */
    final boolean send(String carpdev, byte[] frame) {
        boolean ok = carpdevs.get(carpdev).up() && !sendFails;
        if (ok) {
            lan.broadcast(this, carpdev, frame);
        }
        return ok;
    }

    /** An IP packet for a unicast peer in an Ethernet frame from this host's carpdev. */
    final byte[] inEthernet(String carpdev, byte[] packet) {
        byte[] f = new byte[14 + packet.length];
        carpdevs.get(carpdev).mac().copyTo(f, 6);
        boolean v6 = (packet[0] & 0xf0) == 0x60;
        f[12] = (byte) (v6 ? 0x86 : 0x08);
        f[13] = (byte) (v6 ? 0xdd : 0x00);
        System.arraycopy(packet, 0, f, 14, packet.length);
        return f;
    }

    /** Whether a frame on {@code carpdev} is for this host: multicast, or unicast to one of its addresses. */
    final boolean isDestination(String carpdev, byte[] frame) {
        CarpdevInfo info = carpdevs.get(carpdev);
        if (info == null || frame.length < 14 + 40 || (frame[0] & 1) != 0) {
            return true; // multicast (or too short to be unicast IP: let the engine judge it)
        }
        boolean v6 = (frame[12] & 0xff) == 0x86;
        byte[] dst = java.util.Arrays.copyOfRange(frame, v6 ? 14 + 24 : 14 + 16, v6 ? 14 + 40 : 14 + 20);
        InetAddress to = address(dst);
        return to.equals(info.ipv4().orElse(null)) || to.equals(info.linkLocal().orElse(null))
                || to.equals(info.ipv6().orElse(null));
    }

    /** Schedules {@code task} at the host's local time {@code localDeadline}. */
    final void scheduleLocal(long localDeadline, Runnable task) {
        lan.clock().schedule(localDeadline - clockOffset, task);
    }

    final void recordTransition(String carpInterface, CarpState from, CarpState to, TransitionReason reason) {
        lan.record(new Transition(lan.clock().now(), name, carpInterface, from, to, reason));
    }

    final int index() {
        return index;
    }

    @Override
    public String toString() {
        return name;
    }
}
