package org.carpd.cli.carp;

import java.io.IOException;

import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;

/** Whether a network interface exists in carpd's network namespace (a fake one in tests). */
@FunctionalInterface
interface LinkLookup {

    /**
     * @return whether a link called {@code name} exists
     * @throws IOException if the kernel could not be asked
     */
    boolean exists(String name) throws IOException;

    /** Asks the kernel over rtnetlink, one short-lived socket per question (rare: carpctl edits, reloads). */
    static LinkLookup netlink() {
        return name -> {
            try (RouteNetlink netlink = RouteNetlink.open()) {
                netlink.link(name);
                return true;
            } catch (NetlinkException e) {
                if (e.errno() == Errno.ENODEV) {
                    return false;
                }
                throw new IOException(e.getMessage(), e);
            }
        };
    }
}
