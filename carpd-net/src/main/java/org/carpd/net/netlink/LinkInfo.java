package org.carpd.net.netlink;

import java.util.Optional;
import org.carpd.core.wire.MacAddress;

/**
 * A network interface as the kernel reports it.
 *
 * @param index     interface index
 * @param name      interface name, e.g. {@code eth0}
 * @param mac       hardware address; empty when the link has none or it is not 6 bytes long
 * @param mtu       MTU in bytes
 * @param flags     raw {@code IFF_*} flags from {@code ifinfomsg}
 * @param operState RFC 2863 operational state
 */
public record LinkInfo(int index, String name, Optional<MacAddress> mac, int mtu, int flags, OperState operState) {
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    /** Administratively up ({@code ip link set up}). */
    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    /** Operationally up: administratively up and the kernel considers it usable (carrier, not dormant). */
    public boolean running() {
        return (flags & IFF_RUNNING) != 0;
    }

    /** The driver reports carrier (layer 1 up). */
    public boolean lowerUp() {
        return (flags & IFF_LOWER_UP) != 0;
    }
}
