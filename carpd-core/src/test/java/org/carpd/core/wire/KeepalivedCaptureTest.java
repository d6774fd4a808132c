package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real keepalived 2.2.7 advertisements (captured in a network namespace: VRRPv2 for router 51
 * with two IPv4 addresses; VRRPv3 for router 51 over IPv4 and router 52 over IPv6, the last
 * packet of each the priority-0 one keepalived sends when it stops) are all reported as VRRP.
 */
class KeepalivedCaptureTest {

    private static List<String> decode(String file) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = KeepalivedCaptureTest.class.getResourceAsStream("/captures/" + file)) {
            for (byte[] f : PcapFile.readEthernet(in)) {
                DecodeResult r = AdvertisementCodec.decodeFrame(f, 0, f.length);
                DecodeResult.Rejected rejected = assertInstanceOf(DecodeResult.Rejected.class, r, r::toString);
                assertEquals(DropReason.VRRP, rejected.reason(), rejected.toString());
                out.add(rejected.detail() + " from " + rejected.source().getHostAddress());
            }
        }
        return out;
    }

    @Test
    void keepalivedVrrpV2IsVrrp() throws IOException {
        List<String> seen = decode("keepalived-vrrp2.pcap");
        assertEquals(4, seen.size());
        assertEquals(List.of("VRRPv2 router 51 from 198.18.5.2"), seen.stream().distinct().toList());
    }

    @Test
    void keepalivedVrrpV3OverIpv4AndIpv6IsVrrp() throws IOException {
        List<String> seen = decode("keepalived-vrrp3.pcap");
        assertEquals(8, seen.size());
        assertEquals(List.of("VRRPv3 router 51 from 198.18.5.2", "VRRPv3 router 52 from fe80:0:0:0:48a9:9aff:fec5:41d8"),
                seen.stream().distinct().toList());
    }
}
