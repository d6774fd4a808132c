package org.carpd.net.frame;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Membership of the CARP multicast groups ({@value #IPV4_GROUP_TEXT} and {@value #IPV6_GROUP_TEXT})
 * on one interface, so that a NIC's multicast filter lets advertisements through without
 * promiscuous mode. The packet socket only listens; it is this membership that makes the kernel program the
 * NIC (visible in {@code ip maddr show dev IFNAME}).
 *
 * <p>Held by an unbound UDP socket that never receives anything (CARP is not UDP); keep the
 * object open for as long as the transport runs. Both groups are joined on one IPv6 socket, so
 * the interface needs no IPv4 address of its own. In a namespace entered with setns(2), call
 * {@link #join} from a thread in that namespace.
 */
public final class MulticastMembership implements AutoCloseable {
    static final String IPV4_GROUP_TEXT = "224.0.0.18";
    static final String IPV6_GROUP_TEXT = "ff02::12";
    /** The CARP/VRRP IPv4 group. */
    public static final InetAddress IPV4_GROUP = literal(IPV4_GROUP_TEXT);
    /** The CARP/VRRP IPv6 group. */
    public static final InetAddress IPV6_GROUP = literal(IPV6_GROUP_TEXT);

    private final String interfaceName;
    private final DatagramChannel channel;
    private final List<InetAddress> groups;

    private MulticastMembership(String interfaceName, DatagramChannel channel, List<InetAddress> groups) {
        this.interfaceName = interfaceName;
        this.channel = channel;
        this.groups = List.copyOf(groups);
    }

    /** Joins both CARP groups on {@code interfaceName}. */
    public static MulticastMembership join(String interfaceName) throws IOException {
        return join(interfaceName, true, true);
    }

    /**
     * Joins the IPv4 and/or IPv6 CARP group on {@code interfaceName}. On failure nothing stays joined.
     *
     * @throws IOException if the interface does not exist or a group cannot be joined
     */
    public static MulticastMembership join(String interfaceName, boolean ipv4, boolean ipv6) throws IOException {
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("join at least one of the IPv4 and IPv6 groups");
        }
        NetworkInterface nif = NetworkInterface.getByName(interfaceName);
        if (nif == null) {
            throw new IOException("no such interface: " + interfaceName);
        }
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
        List<InetAddress> joined = new ArrayList<>();
        try {
            if (ipv4) {
                join(channel, IPV4_GROUP, nif);
                joined.add(IPV4_GROUP);
            }
            if (ipv6) {
                join(channel, IPV6_GROUP, nif);
                joined.add(IPV6_GROUP);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new MulticastMembership(interfaceName, channel, joined);
    }

    private static void join(DatagramChannel channel, InetAddress group, NetworkInterface nif) throws IOException {
        try {
            channel.join(group, nif);
        } catch (IOException e) {
            throw new IOException("cannot join " + group.getHostAddress() + " on " + nif.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The interface the groups were joined on. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The groups held. */
    public List<InetAddress> groups() {
        return groups;
    }

    /** Leaves the groups. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "MulticastMembership[" + interfaceName + " " + groups + "]";
    }
}
