package org.carpd.core.config;

import java.util.Objects;
import java.util.Optional;
import org.carpd.core.wire.MacAddress;

/**
 * Which MAC a carp interface's advertisements, ARP replies and neighbour advertisements carry
 * ({@code lladdr virtual}, {@code lladdr carpdev} or {@code lladdr XX:XX:XX:XX:XX:XX}). With a MAC
 * of its own the carp interface is a macvlan on its carpdev that holds the virtual addresses.
 *
 * @param mode  virtual, carpdev or fixed
 * @param fixed the MAC given for {@link Mode#FIXED}, else empty
 */
public record LinkAddress(Mode mode, Optional<MacAddress> fixed) {
    public static final LinkAddress VIRTUAL = new LinkAddress(Mode.VIRTUAL, Optional.empty());
    public static final LinkAddress CARPDEV = new LinkAddress(Mode.CARPDEV, Optional.empty());
    /** As OpenBSD: the carp interface has its own MAC; the host falls back to CARPDEV without macvlan. */
    public static final LinkAddress DEFAULT = VIRTUAL;

    public enum Mode { VIRTUAL, CARPDEV, FIXED }

    public LinkAddress {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(fixed, "fixed");
        if ((mode == Mode.FIXED) != fixed.isPresent()) {
            throw new IllegalArgumentException("a MAC is given exactly for lladdr FIXED");
        }
    }

    public static LinkAddress of(MacAddress mac) {
        return new LinkAddress(Mode.FIXED, Optional.of(mac));
    }

    /** The MAC the carp interface uses, or empty for the carpdev's own. */
    public Optional<MacAddress> mac(int vhid) {
        return switch (mode) {
            case VIRTUAL -> Optional.of(virtualMac(vhid));
            case FIXED -> fixed;
            case CARPDEV -> Optional.empty();
        };
    }

    /** The IANA VRRP/CARP MAC, 00:00:5e:00:01:VHID. */
    public static MacAddress virtualMac(int vhid) {
        return MacAddress.of(new byte[] {0, 0, 0x5e, 0, 1, (byte) vhid});
    }

    /** The word after {@code lladdr} that reads back as this. */
    public String word() {
        return switch (mode) {
            case VIRTUAL -> "virtual";
            case CARPDEV -> "carpdev";
            case FIXED -> fixed.orElseThrow().toString();
        };
    }
}
