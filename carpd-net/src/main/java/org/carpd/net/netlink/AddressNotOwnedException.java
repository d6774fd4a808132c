package org.carpd.net.netlink;

/**
 * carpd refused to remove an address because it does not carry carpd's marker, so it was
 * configured by someone else (typically an operator). Nothing was changed.
 */
public final class AddressNotOwnedException extends NetlinkException {
    public AddressNotOwnedException(String operation, String why) {
        super(operation, "refused, the address is not carpd's (" + why + "); nothing changed");
    }
}
