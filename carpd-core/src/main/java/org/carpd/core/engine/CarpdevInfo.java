package org.carpd.core.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;
import org.carpd.core.wire.MacAddress;

/**
 * What the engine needs to know of a parent interface: whether it carries traffic, and the
 * source addresses that advertisements leave with (never a virtual address).
 *
 * @param up        administratively up and with carrier (IFF_UP and IFF_RUNNING)
 * @param mac       the Ethernet source of our advertisements
 * @param ipv4      the interface's own IPv4 address, if any
 * @param linkLocal the interface's IPv6 link-local address, if any
 * @param ipv6      the interface's own IPv6 address of wider scope, if any: the source towards
 *                  unicast peers that are not link-local
 */
public record CarpdevInfo(boolean up, MacAddress mac, Optional<Inet4Address> ipv4,
                          Optional<Inet6Address> linkLocal, Optional<Inet6Address> ipv6) {

    /** Without an IPv6 address of wider scope. */
    public CarpdevInfo(boolean up, MacAddress mac, Optional<Inet4Address> ipv4, Optional<Inet6Address> linkLocal) {
        this(up, mac, ipv4, linkLocal, Optional.empty());
    }

    public CarpdevInfo withUp(boolean isUp) {
        return new CarpdevInfo(isUp, mac, ipv4, linkLocal, ipv6);
    }
}
