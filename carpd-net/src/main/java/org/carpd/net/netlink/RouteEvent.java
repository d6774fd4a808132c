package org.carpd.net.netlink;

/** A notification from the kernel's routing netlink: a link or an address changed. */
public sealed interface RouteEvent permits LinkEvent, AddressEvent {
}
