package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived-shaped VRRP frames are reported as VRRP, with router id and source; CARP stays CARP. */
class VrrpRecognitionTest {
    private static final InetAddress ROUTER4 = Frames.v4("198.18.0.2");
    private static final InetAddress ROUTER6 = Frames.v6("fe80::5efe:1");

    private static DecodeResult.Rejected decode(byte[] frame) {
        DecodeResult r = AdvertisementCodec.decodeFrame(frame, 0, frame.length);
        return assertInstanceOf(DecodeResult.Rejected.class, r, r::toString);
    }

    private static List<InetAddress> v4Addresses(int n) {
        List<InetAddress> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(Frames.v4("198.18.0." + (10 + i)));
        }
        return list;
    }

    @Test
    void vrrpV2WithOneToManyAddressesIsVrrpNotBadLength() {
        // 1 address is 20 bytes (was "bad length"); 5 is 36 bytes like CARP; 7 has CARP's authlen
        for (int n : new int[] {1, 2, 5, 7, 8, 20}) {
            DecodeResult.Rejected r = decode(VrrpFrames.v2(ROUTER4, 51, 100, 0, new byte[8], v4Addresses(n)));
            assertEquals(DropReason.VRRP, r.reason(), n + " addresses: " + r);
            assertEquals("VRRPv2 router 51", r.detail());
            assertEquals(ROUTER4, r.source());
        }
    }

    @Test
    void vrrpV2WithSimplePasswordIsRecognisedAndThePasswordIsNotReported() {
        byte[] password = "hunter2x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        DecodeResult.Rejected r = decode(VrrpFrames.v2(ROUTER4, 7, 150, 1, password, v4Addresses(1)));
        assertEquals(DropReason.VRRP, r.reason());
        assertEquals("VRRPv2 router 7", r.detail());
    }

    @Test
    void vrrpV3OverIpv4AndIpv6() {
        DecodeResult.Rejected v4 = decode(VrrpFrames.v3(ROUTER4, 9, 100, v4Addresses(2), false));
        assertEquals(DropReason.VRRP, v4.reason(), v4.toString());
        assertEquals("VRRPv3 router 9", v4.detail());
        assertEquals(ROUTER4, v4.source());
        DecodeResult.Rejected v6 = decode(VrrpFrames.v3(ROUTER6, 200, 100,
                List.of(Frames.v6("fe80::10"), Frames.v6("2001:db8::10")), false));
        assertEquals(DropReason.VRRP, v6.reason(), v6.toString());
        assertEquals("VRRPv3 router 200", v6.detail());
        assertEquals(ROUTER6, v6.source());
    }

    @Test
    void brokenVrrpIsNotReportedAsVrrp() {
        byte[] badSum = VrrpFrames.v2(ROUTER4, 51, 100, 0, new byte[8], v4Addresses(1));
        badSum[34 + 2] ^= 1; // priority changed after the checksum
        assertEquals(DropReason.BAD_LENGTH, decode(badSum).reason());
        byte[] v3BadSum = VrrpFrames.v3(ROUTER6, 9, 100, List.of(Frames.v6("fe80::10")), true); // no pseudo-header: wrong on v6
        assertEquals(DropReason.BAD_LENGTH, decode(v3BadSum).reason());
        byte[] ttl = VrrpFrames.v2(ROUTER4, 51, 100, 0, new byte[8], v4Addresses(1));
        ttl[14 + 8] = 64;
        Frames.fixIpv4Checksum(ttl);
        assertEquals(DropReason.BAD_TTL, decode(ttl).reason(), "a routed VRRP packet is a bad TTL first");
    }

    @Test
    void carpAdvertisementsAndCarpVersionErrorsStayCarp() {
        DecodeResult r = AdvertisementCodec.decodeFrame(Frames.v4Frame(), 0, Frames.v4Frame().length);
        assertInstanceOf(DecodeResult.Accepted.class, r);
        // CARP with version 3: 36 bytes = 8 + 4 x 7 (authlen), but no VRRPv3 checksum: bad version
        byte[] v3 = Frames.v4Frame();
        v3[34] = 0x31;
        Frames.fixCarpChecksum(v3, 34);
        assertEquals(DropReason.BAD_VERSION, decode(v3).reason());
        // trailing bytes after a CARP header (ignored, as by OpenBSD) do not make it VRRP
        byte[] f = Frames.v4Frame();
        byte[] longer = new byte[f.length + 8];
        System.arraycopy(f, 0, longer, 0, f.length);
        longer[longer.length - 1] = 1;
        longer[14 + 3] = (byte) (20 + 44);
        Frames.fixIpv4Checksum(longer);
        assertInstanceOf(DecodeResult.Accepted.class, AdvertisementCodec.decodeFrame(longer, 0, longer.length));
    }
}
