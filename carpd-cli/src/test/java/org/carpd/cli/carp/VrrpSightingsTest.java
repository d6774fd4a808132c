package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class VrrpSightingsTest {

    @Test
    void eachRouterAndSourceIsReportedOnceAndMemoryIsBounded() throws Exception {
        VrrpSightings s = new VrrpSightings();
        InetAddress a = InetAddress.getByName("198.18.0.2");
        InetAddress b = InetAddress.getByName("198.18.0.3");
        assertTrue(s.first("eth0", "VRRPv2 router 5", a));
        assertFalse(s.first("eth0", "VRRPv2 router 5", a));
        assertTrue(s.first("eth0", "VRRPv2 router 5", b), "another source");
        assertTrue(s.first("eth0", "VRRPv2 router 6", a), "another router id");
        assertTrue(s.first("eth1", "VRRPv2 router 5", a), "another carpdev");
        for (int i = 0; i < VrrpSightings.LIMIT * 2; i++) {
            s.first("eth0", "VRRPv3 router 1", InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) (i >> 8), (byte) i}));
        }
        assertFalse(s.first("eth2", "VRRPv2 router 9", a), "full: spoofed sources cannot grow it");
    }
}
