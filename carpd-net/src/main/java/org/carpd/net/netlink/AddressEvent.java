package org.carpd.net.netlink;

/**
 * An address was added or changed (RTM_NEWADDR; also sent when IPv6 duplicate address detection
 * finishes and the address stops being tentative) or deleted (RTM_DELADDR), by anyone: carpd
 * itself, an operator's {@code ip addr del}, another program, or the kernel flushing the addresses
 * of a link that went down or away.
 *
 * @param address the address as it was (removed) or is now
 * @param removed true for RTM_DELADDR
 */
public record AddressEvent(InterfaceAddress address, boolean removed) implements RouteEvent {
    public int ifindex() {
        return address.ifindex();
    }
}
