package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** IP packets to unicast peers: the multicast frame's IP header and CARP bytes, another destination; routed TTLs. */
class UnicastPacketCodecTest {
    private static byte[] inEthernet(byte[] packet, int ethertype) {
        byte[] f = new byte[14 + packet.length];
        f[12] = (byte) (ethertype >>> 8);
        f[13] = (byte) ethertype;
        System.arraycopy(packet, 0, f, 14, packet.length);
        return f;
    }

    @Test
    void ipv4PacketIsTheMulticastFrameWithoutEthernetToThePeer() {
        Advertisement ad = Frames.signedAd(42);
        byte[] frame = AdvertisementCodec.encodeFrameV4(Frames.MAC, Frames.SRC4, ad, 7);
        byte[] packet = AdvertisementCodec.encodePacketV4(Frames.SRC4, Frames.v4("198.18.2.2"), ad, 7);
        assertArrayEquals(Arrays.copyOfRange(frame, 14, 24), Arrays.copyOfRange(packet, 0, 10), "same header");
        assertArrayEquals(Arrays.copyOfRange(frame, 26, 30), Arrays.copyOfRange(packet, 12, 16), "same source");
        assertEquals(true, InternetChecksum.verifies(packet, 0, 20), "its own header checksum");
        assertArrayEquals(Frames.v4("198.18.2.2").getAddress(), Arrays.copyOfRange(packet, 16, 20));
        assertArrayEquals(Arrays.copyOfRange(frame, 34, frame.length), Arrays.copyOfRange(packet, 20, packet.length));
        DecodeResult r = AdvertisementCodec.decodeFrame(inEthernet(packet, 0x0800), 0, packet.length + 14);
        ReceivedAdvertisement got = assertInstanceOf(DecodeResult.Accepted.class, r).packet();
        assertEquals(ad, got.advertisement());
        assertEquals(Frames.SRC4, got.source());
    }

    @Test
    void ipv6PacketCarriesTheSameCarpBytes() {
        Advertisement ad = Frames.signedAd(43);
        byte[] frame = AdvertisementCodec.encodeFrameV6(Frames.MAC, Frames.SRC6, ad);
        byte[] packet = AdvertisementCodec.encodePacketV6(Frames.v6("2001:db8:1::1"), Frames.v6("2001:db8:2::2"), ad);
        assertEquals(76, packet.length);
        assertArrayEquals(Arrays.copyOfRange(frame, 54, frame.length), Arrays.copyOfRange(packet, 40, 76));
        assertEquals(255, packet[7] & 0xff);
        ReceivedAdvertisement got = assertInstanceOf(DecodeResult.Accepted.class,
                AdvertisementCodec.decodeFrame(inEthernet(packet, 0x86dd), 0, 90)).packet();
        assertEquals(Frames.v6("2001:db8:1::1"), got.source());
        assertEquals(ad, got.advertisement());
    }

    @Test
    void aRoutedPacketPassesOnlyDownToTheGivenMinimumTtl() {
        byte[] packet = AdvertisementCodec.encodePacketV6(Frames.v6("2001:db8:1::1"), Frames.v6("2001:db8:2::2"),
                Frames.signedAd(1));
        packet[7] = (byte) 253;
        byte[] f = inEthernet(packet, 0x86dd);
        assertEquals(DropReason.BAD_TTL, ((DecodeResult.Rejected) AdvertisementCodec.decodeFrame(f, 0, f.length)).reason());
        assertEquals(DropReason.BAD_TTL,
                ((DecodeResult.Rejected) AdvertisementCodec.decodeFrame(f, 0, f.length, 254)).reason());
        ReceivedAdvertisement got = assertInstanceOf(DecodeResult.Accepted.class,
                AdvertisementCodec.decodeFrame(f, 0, f.length, 253)).packet();
        assertEquals(253, got.ttl());
    }
}
