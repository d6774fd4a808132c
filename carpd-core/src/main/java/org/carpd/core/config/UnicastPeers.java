package org.carpd.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * A carp interface's unicast peers ({@code carppeer ADDR}, as OpenBSD's ifconfig; several, IPv4
 * and IPv6, as FreeBSD's peer/peer6). Per address family: a family with peers sends its
 * advertisements to each of them as unicast and accepts them only from them; a family without
 * peers uses multicast (224.0.0.18, ff02::12) as before.
 *
 * @param addresses the peers, in configuration order
 * @param minTtl    the least TTL / hop limit accepted from a peer (255 by default: one hop, as
 *                  multicast; lower for peers behind routers)
 */
public record UnicastPeers(List<InetAddress> addresses, int minTtl) {
    public static final int DEFAULT_MIN_TTL = 255;
    public static final UnicastPeers NONE = new UnicastPeers(List.of(), DEFAULT_MIN_TTL);

    public UnicastPeers {
        addresses = List.copyOf(addresses);
        if (minTtl < 1 || minTtl > 255) {
            throw new IllegalArgumentException("peer-min-ttl must be 1..255: " + minTtl);
        }
    }

    public boolean isEmpty() {
        return addresses.isEmpty();
    }

    /** The peers of one family. */
    public List<InetAddress> of(boolean ipv6) {
        if (addresses.isEmpty()) {
            return List.of(); // the common case, on every received frame: no allocation
        }
        return addresses.stream().filter(a -> (a instanceof Inet4Address) != ipv6).toList();
    }

    /** The address as carpd prints it (RFC 5952 for IPv6). */
    public static String format(InetAddress address) {
        return AddressLiteral.format(address);
    }
}
