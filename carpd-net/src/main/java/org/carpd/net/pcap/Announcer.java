package org.carpd.net.pcap;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import org.carpd.core.wire.MacAddress;

/**
 * Tells the segment that virtual addresses now live at our MAC: a gratuitous ARP per IPv4 VIP,
 * an unsolicited Neighbor Advertisement per IPv6 VIP. Call it after becoming master.
 */
public final class Announcer {
    private final FrameSender sender;
    private final MacAddress mac;

    /**
     * @param sender usually the carpdev's {@link PcapTransport}
     * @param mac the MAC the virtual addresses should map to (the carpdev's own)
     */
    public Announcer(FrameSender sender, MacAddress mac) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.mac = Objects.requireNonNull(mac, "mac");
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
            sender.send(AnnouncementFrames.unsolicitedNeighborAdvertisement(mac, v6));
        } else {
            throw new IllegalArgumentException("not an IP address: " + vip);
        }
    }
}
