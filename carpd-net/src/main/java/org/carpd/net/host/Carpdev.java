package org.carpd.net.host;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.netlink.CarpdAddressMarker;
import org.carpd.net.netlink.InterfaceAddress;
import org.carpd.net.netlink.LinkInfo;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.carpd.net.frame.Announcer;
import org.carpd.net.frame.FrameHandler;
import org.carpd.net.frame.MulticastMembership;
import org.carpd.net.frame.PacketTransport;

/** One opening of a parent interface: its ifindex, packet transport, multicast membership and announcer. */
final class Carpdev implements AutoCloseable {
    final String name;
    final int ifindex;
    final MacAddress mac;
    private final PacketTransport transport;
    private final MulticastMembership membership;
    final Announcer announcer;
    private final Ipv6Forwarding forwarding;
    /** Receives this opening's frames; tells a dead capture of this opening from one of an earlier one. */
    final FrameHandler handler;

    private Carpdev(String name, int ifindex, MacAddress mac, PacketTransport transport, MulticastMembership membership,
                    FrameHandler handler) {
        this.name = name;
        this.ifindex = ifindex;
        this.mac = mac;
        this.transport = transport;
        this.membership = membership;
        this.handler = handler;
        this.forwarding = new Ipv6Forwarding(name);
        this.announcer = new Announcer(transport, mac, forwarding);
    }

    static Carpdev open(RouteNetlink netlink, String name, FrameHandler handler) throws IOException, NetlinkException {
        LinkInfo link = netlink.link(name);
        MacAddress mac = link.mac().orElseThrow(() -> new IOException(name + " has no Ethernet address"));
        PacketTransport transport = PacketTransport.open(name, handler);
        try {
            return new Carpdev(name, link.index(), mac, transport, MulticastMembership.join(name), handler);
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** An announcer for {@code own}, the carp interface's MAC, or {@link #announcer} when null. */
    Announcer announcer(MacAddress own) {
        return own == null || own.equals(mac) ? announcer : new Announcer(transport, own, new Ipv6Forwarding(name));
    }

    /** Whether the host forwards IPv6 on this carpdev (the Router flag of our neighbour advertisements). */
    boolean ipv6Router() {
        return forwarding.getAsBoolean();
    }

    /** Whether the capture also passes ARP requests and neighbour solicitations (for balanced addresses). */
    void captureNeighbourRequests(boolean on) throws IOException {
        transport.setFilter(on ? PacketTransport.FILTER_BALANCING : PacketTransport.FILTER);
    }

    void send(byte[] frame) throws IOException {
        transport.send(frame);
    }

    /**
     * What the engine needs to know now: carrier, MAC, and the source addresses, which are the
     * interface's own (never one carpd added, never a configured virtual address).
     */
    CarpdevInfo info(RouteNetlink netlink, Set<InetAddress> virtualAddresses) throws NetlinkException {
        LinkInfo link = netlink.link(ifindex);
        Inet4Address v4 = null;
        Inet6Address linkLocal = null;
        Inet6Address global = null;
        for (InterfaceAddress a : netlink.addresses(ifindex)) {
            if (virtualAddresses.contains(a.address())
                    || netlink.marker().ownership(a, name) == CarpdAddressMarker.Ownership.CARPD) {
                continue;
            }
            if (v4 == null && a.address() instanceof Inet4Address x) {
                v4 = x;
            } else if (linkLocal == null && a.address() instanceof Inet6Address x && x.isLinkLocalAddress()
                    && !a.tentative() && (a.flags() & InterfaceAddress.IFA_F_DADFAILED) == 0) {
                // A tentative address may not be used as a source yet (RFC 4862); the kernel sends
                // RTM_NEWADDR again when duplicate address detection is done.
                linkLocal = x;
            } else if (global == null && a.address() instanceof Inet6Address x && !x.isLinkLocalAddress()
                    && !a.tentative() && (a.flags() & InterfaceAddress.IFA_F_DADFAILED) == 0) {
                global = x; // the source towards unicast peers beyond the link
            }
        }
        return new CarpdevInfo(link.up() && link.running(), mac, Optional.ofNullable(v4),
                Optional.ofNullable(linkLocal), Optional.ofNullable(global));
    }

    @Override
    public void close() {
        try {
            membership.close();
        } catch (IOException ignored) {
            // closing a datagram channel; nothing to recover
        }
        transport.close();
    }
}
