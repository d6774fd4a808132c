package org.carpd.net.frame;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.carpd.core.wire.MacAddress;

/**
 * Tells the segment that virtual addresses now live at our MAC: a gratuitous ARP per IPv4 VIP,
 * an unsolicited Neighbor Advertisement per IPv6 VIP. Call it after becoming master.
 */
public final class Announcer {
    private final FrameSender sender;
    private final MacAddress mac;
    private final BooleanSupplier ipv6Router;

    /** An announcer for a host that does not route IPv6 (neighbour advertisements without the Router flag). */
    public Announcer(FrameSender sender, MacAddress mac) {
        this(sender, mac, () -> false);
    }

    /**
     * @param sender usually the carpdev's {@link PacketTransport}
     * @param mac the MAC the virtual addresses should map to (the carpdev's own)
     * @param ipv6Router asked at each IPv6 announcement: whether the host forwards IPv6 on this
     *                   interface, which sets the Router flag of the neighbour advertisement
     */
    public Announcer(FrameSender sender, MacAddress mac, BooleanSupplier ipv6Router) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.mac = Objects.requireNonNull(mac, "mac");
        this.ipv6Router = Objects.requireNonNull(ipv6Router, "ipv6Router");
    }

    /** Sends one announcement for {@code vip}, the kind chosen by its address family. */
    public void announce(InetAddress vip) throws IOException {
        if (vip instanceof Inet4Address v4) {
            if (v4.isMulticastAddress()) {
                throw new IllegalArgumentException("cannot announce a multicast address: " + v4.getHostAddress());
            }
            sender.send(AnnouncementFrames.gratuitousArp(mac, v4));
        } else if (vip instanceof Inet6Address v6) {
            if (v6.isMulticastAddress()) {
                throw new IllegalArgumentException("cannot announce a multicast address: " + v6.getHostAddress());
            }
            sender.send(AnnouncementFrames.unsolicitedNeighborAdvertisement(mac, v6, ipv6Router.getAsBoolean()));
        } else {
            throw new IllegalArgumentException("not an IP address: " + vip);
        }
    }
}
