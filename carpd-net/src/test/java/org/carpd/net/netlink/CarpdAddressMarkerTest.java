package org.carpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.carpd.net.netlink.CarpdAddressMarker.Ownership;
import org.junit.jupiter.api.Test;

class CarpdAddressMarkerTest {
    private static final CarpdAddressMarker NEW_KERNEL = new CarpdAddressMarker(true);
    private static final CarpdAddressMarker OLD_KERNEL = new CarpdAddressMarker(false);

    @Test
    void labelStartsWithTheInterfaceNameAndFitsFifteenCharacters() {
        assertEquals(Optional.of("eth0:carp"), CarpdAddressMarker.labelFor("eth0"));
        assertEquals(Optional.of("enp0s31f6x:carp"), CarpdAddressMarker.labelFor("enp0s31f6x"));
        assertEquals(Optional.of("enp0s31f6xyz:c"), CarpdAddressMarker.labelFor("enp0s31f6xyz"));
        assertEquals(Optional.empty(), CarpdAddressMarker.labelFor("abcdefghijklmn"));
    }

    @Test
    void kernelReleasesFrom5Dot18HaveTheAddressProtocol() {
        assertTrue(CarpdAddressMarker.supportsAddressProtocol("6.18.44-fc-v782"));
        assertTrue(CarpdAddressMarker.supportsAddressProtocol("5.18.0"));
        assertFalse(CarpdAddressMarker.supportsAddressProtocol("5.17.15-arch1"));
        assertFalse(CarpdAddressMarker.supportsAddressProtocol("4.19.0-21-amd64"));
        assertFalse(CarpdAddressMarker.supportsAddressProtocol(""));
    }

    @Test
    void onNewKernelsTheProtocolDecides() throws Exception {
        assertEquals(Ownership.CARPD, NEW_KERNEL.ownership(v4("eth0:carp", OptionalInt.of(112)), "eth0"));
        assertEquals(Ownership.CARPD, NEW_KERNEL.ownership(v6(OptionalInt.of(112)), "eth0"));
        // An operator copying carpd's label does not make the address carpd's.
        assertEquals(Ownership.FOREIGN, NEW_KERNEL.ownership(v4("eth0:carp", OptionalInt.empty()), "eth0"));
        assertEquals(Ownership.FOREIGN, NEW_KERNEL.ownership(v6(OptionalInt.of(2)), "eth0"));
    }

    @Test
    void onOldKernelsTheIpv4LabelDecidesAndIpv6IsUnknown() throws Exception {
        assertEquals(Ownership.CARPD, OLD_KERNEL.ownership(v4("eth0:carp", OptionalInt.empty()), "eth0"));
        assertEquals(Ownership.FOREIGN, OLD_KERNEL.ownership(v4("eth0", OptionalInt.empty()), "eth0"));
        assertEquals(Ownership.UNKNOWN, OLD_KERNEL.ownership(v6(OptionalInt.empty()), "eth0"));
    }

    private static InterfaceAddress v4(String label, OptionalInt proto) throws Exception {
        return new InterfaceAddress(2, InetAddress.getByName("198.18.0.1"), 24, Optional.of(label), 0x80, 0, proto);
    }

    private static InterfaceAddress v6(OptionalInt proto) throws Exception {
        return new InterfaceAddress(2, InetAddress.getByName("2001:db8::1"), 64, Optional.empty(), 0x82, 0, proto);
    }
}
