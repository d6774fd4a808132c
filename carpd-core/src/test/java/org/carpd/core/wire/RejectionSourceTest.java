package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** A rejected frame names its sender whenever its IP header was there to read, so logs can too. */
class RejectionSourceTest {
    private static final int IP = 14;
    private static final int CARP4 = 34;
    private static final int CARP6 = 54;

    private static DecodeResult.Rejected reject(byte[] frame, int length) {
        DecodeResult r = AdvertisementCodec.decodeFrame(frame, 0, length);
        return assertInstanceOf(DecodeResult.Rejected.class, r, r::toString);
    }

    private static InetAddress source(byte[] frame) {
        return reject(frame, frame.length).source();
    }

    @Test
    void badTtlChecksumAndVersionCarryTheIpv4Source() {
        byte[] ttl = Frames.v4Frame();
        ttl[IP + 8] = 64;
        Frames.fixIpv4Checksum(ttl);
        assertEquals(Frames.SRC4, source(ttl));
        byte[] carpSum = Frames.v4Frame();
        carpSum[CARP4 + 20] ^= 0x40;
        assertEquals(Frames.SRC4, source(carpSum));
        byte[] ipSum = Frames.v4Frame();
        ipSum[IP + 10] ^= 1;
        assertEquals(Frames.SRC4, source(ipSum), "what the header says, even if its checksum fails");
        byte[] version = Frames.v4Frame();
        version[CARP4] = 0x31;
        Frames.fixCarpChecksum(version, CARP4);
        DecodeResult.Rejected r = reject(version, version.length);
        assertEquals(DropReason.BAD_VERSION, r.reason());
        assertEquals(Frames.SRC4, r.source());
    }

    @Test
    void badHopLimitAndChecksumCarryTheIpv6Source() {
        byte[] hop = Frames.v6Frame();
        hop[IP + 7] = 1;
        assertEquals(Frames.SRC6, source(hop));
        byte[] carpSum = Frames.v6Frame();
        carpSum[CARP6 + 2] ^= 1;
        assertEquals(Frames.SRC6, source(carpSum));
    }

    @Test
    void noSourceWithoutAWholeIpHeader() {
        assertNull(reject(Frames.v4Frame(), 33).source(), "IPv4 header cut short");
        assertNull(reject(Frames.v6Frame(), 53).source(), "IPv6 header cut short");
        byte[] arp = Frames.v4Frame();
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertNull(source(arp));
        byte[] wrongVersion = Frames.v4Frame();
        wrongVersion[IP] = 0x65;
        assertNull(source(wrongVersion), "not an IPv4 header after all");
    }
}
