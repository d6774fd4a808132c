package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdvertisementCodecTest {
    private static final int IP = 14;
    private static final int CARP4 = 34;
    private static final int CARP6 = 54;

    private static ReceivedAdvertisement accept(byte[] frame) {
        DecodeResult r = AdvertisementCodec.decodeFrame(frame, 0, frame.length);
        return assertInstanceOf(DecodeResult.Accepted.class, r, r::toString).packet();
    }

    private static DropReason reject(byte[] frame, int offset, int length) {
        DecodeResult r = AdvertisementCodec.decodeFrame(frame, offset, length);
        return assertInstanceOf(DecodeResult.Rejected.class, r, r::toString).reason();
    }

    private static DropReason reject(byte[] frame) {
        return reject(frame, 0, frame.length);
    }

    private static String hex(byte[] b, int from, int to) {
        return HexFormat.of().formatHex(b, from, to);
    }

    @Test
    void ipv4FrameIsWhatOpenBsdSendsAndDecodesBack() throws Exception {
        Advertisement ad = new Advertisement(9, 100, 3, 2, -2L, Frames.signedAd(1).hmac());
        byte[] f = AdvertisementCodec.encodeFrameV4(Frames.MAC, Frames.SRC4, ad, 0xbeef);
        assertEquals(70, f.length);
        assertEquals("01005e000012" + "020000000001" + "0800", hex(f, 0, 14));
        assertEquals("4510" + "0038" + "beef" + "4000" + "ff70", hex(f, IP, IP + 10));
        assertEquals("c6120001" + "e0000012", hex(f, IP + 12, IP + 20));
        assertTrue(InternetChecksum.verifies(f, IP, 20), "IPv4 header checksum");
        assertTrue(InternetChecksum.verifies(f, CARP4, 36), "CARP checksum");
        assertEquals("21096407" + "0302", hex(f, CARP4, CARP4 + 6));

        ReceivedAdvertisement r = accept(f);
        assertEquals(ad, r.advertisement());
        assertEquals(Frames.MAC, r.sourceMac());
        assertEquals(Frames.SRC4, r.source());
        assertEquals(255, r.ttl());
        assertEquals(false, r.ipv6());
    }

    @Test
    void ipv6FrameIsWhatOpenBsdSendsAndDecodesBack() {
        Advertisement ad = Frames.signedAd(0x8000000000000001L);
        byte[] f = AdvertisementCodec.encodeFrameV6(Frames.MAC, Frames.SRC6, ad);
        assertEquals(90, f.length);
        assertEquals("333300000012" + "020000000001" + "86dd", hex(f, 0, 14));
        // version 6, traffic class 0, flow label 0, payload 36, next header 112, hop limit 255
        assertEquals("60000000" + "0024" + "70" + "ff", hex(f, IP, IP + 8));
        assertEquals("fe800000000000000000000000000001", hex(f, IP + 8, IP + 24));
        assertEquals("ff020000000000000000000000000012", hex(f, IP + 24, IP + 40));
        assertTrue(InternetChecksum.verifies(f, CARP6, 36));

        ReceivedAdvertisement r = accept(f);
        assertEquals(ad, r.advertisement());
        assertEquals(Frames.SRC6, r.source());
        assertTrue(r.ipv6());
    }

    @Test
    void ipv4MappedIpv6SourceStaysIpv6() throws Exception {
        byte[] f = AdvertisementCodec.encodeFrameV6(Frames.MAC,
                (java.net.Inet6Address) java.net.Inet6Address.getByAddress(null, mapped(), -1), Frames.signedAd(1));
        assertTrue(accept(f).ipv6());
    }

    private static byte[] mapped() {
        byte[] a = new byte[16];
        a[10] = (byte) 0xff;
        a[11] = (byte) 0xff;
        a[12] = (byte) 198;
        a[13] = 18;
        return a;
    }

    @Test
    void decodesAtAnOffsetInsideALargerBuffer() {
        byte[] f = Frames.v4Frame();
        byte[] buffer = new byte[f.length + 30];
        Arrays.fill(buffer, (byte) 0xee);
        System.arraycopy(f, 0, buffer, 10, f.length);
        ReceivedAdvertisement r = ((DecodeResult.Accepted) AdvertisementCodec.decodeFrame(buffer, 10, f.length)).packet();
        assertEquals(Frames.signedAd(0x0123456789abcdefL), r.advertisement());
        assertEquals(Frames.MAC, r.sourceMac());
    }

    @Test
    void dropsVlanTaggedFramesAsNotForTheUntaggedCarpdev() {
        byte[] f = Frames.v4Frame();
        byte[] tagged = new byte[f.length + 4];
        System.arraycopy(f, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[13] = 0x00;
        tagged[14] = 0x00;
        tagged[15] = 0x64; // VLAN 100
        System.arraycopy(f, 12, tagged, 16, f.length - 12);
        DecodeResult.Rejected r = (DecodeResult.Rejected) AdvertisementCodec.decodeFrame(tagged, 0, tagged.length);
        assertEquals(DropReason.BAD_INTERFACE, r.reason());
        assertEquals("802.1Q tag, VLAN 100", r.detail());
        assertEquals(DropReason.BAD_LENGTH, reject(tagged, 0, 15), "truncated tag");
    }

    @Test
    void skipsIpv4OptionsAndIgnoresEthernetPaddingAndAuthlen() {
        byte[] f = Frames.v4Frame();
        // insert 4 bytes of options (NOP NOP NOP EOL) after the 20-byte header
        byte[] opt = new byte[f.length + 4 + 6]; // plus 6 bytes of trailing padding
        System.arraycopy(f, 0, opt, 0, CARP4);
        opt[CARP4] = 1;
        opt[CARP4 + 1] = 1;
        opt[CARP4 + 2] = 1;
        opt[CARP4 + 3] = 0;
        System.arraycopy(f, CARP4, opt, CARP4 + 4, 36);
        opt[IP] = 0x46;
        opt[IP + 3] = 60;
        opt[CARP4 + 4 + 3] = 0; // authlen 0: accepted, as by OpenBSD
        Frames.fixIpv4Checksum(opt);
        Frames.fixCarpChecksum(opt, CARP4 + 4);
        assertEquals(7, accept(opt).advertisement().vhid());
    }

    @Test
    void encodeCarpWritesTheTableLayout() {
        byte[] hmac = new byte[20];
        for (int i = 0; i < 20; i++) {
            hmac[i] = (byte) (0xa0 + i);
        }
        byte[] out = new byte[40];
        AdvertisementCodec.encodeCarp(new Advertisement(255, 255, 1, 255, 0x0102030405060708L, hmac), out, 2);
        assertEquals("21ffff0701ff", hex(out, 2, 8));
        assertEquals("0102030405060708", hex(out, 10, 18));
        assertArrayEquals(hmac, Arrays.copyOfRange(out, 18, 38));
        assertTrue(InternetChecksum.verifies(out, 2, 36));
    }

    @Test
    void everyDecoderDropReasonComesFromACraftedFrame() {
        Set<DropReason> seen = EnumSet.noneOf(DropReason.class);

        // BAD_LENGTH
        byte[] f = Frames.v4Frame();
        assertEquals(DropReason.BAD_LENGTH, reject(f, 0, 13));
        assertEquals(DropReason.BAD_LENGTH, reject(f, 0, 33));
        assertEquals(DropReason.BAD_LENGTH, reject(f, 0, 69), "total length beyond the capture");
        assertEquals(DropReason.BAD_LENGTH, reject(f, -1, 10));
        assertEquals(DropReason.BAD_LENGTH, reject(f, 1, 70));
        assertEquals(DropReason.BAD_LENGTH, reject(f, 0, -1));
        assertEquals(DropReason.BAD_LENGTH, reject(f, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(DropReason.BAD_LENGTH, reject(null, 0, 0));
        byte[] fragment = Frames.v4Frame();
        fragment[IP + 6] = 0x20; // MF
        Frames.fixIpv4Checksum(fragment);
        assertEquals(DropReason.BAD_LENGTH, reject(fragment));
        byte[] shortCarp = Frames.v4Frame();
        shortCarp[IP + 3] = 55; // total length 55: 35 CARP bytes
        Frames.fixIpv4Checksum(shortCarp);
        assertEquals(DropReason.BAD_LENGTH, reject(shortCarp));
        byte[] shortCarp6 = Frames.v6Frame();
        shortCarp6[IP + 5] = 35;
        assertEquals(DropReason.BAD_LENGTH, reject(shortCarp6));
        byte[] ihl = Frames.v4Frame();
        ihl[IP] = 0x44;
        assertEquals(DropReason.BAD_LENGTH, reject(ihl));
        seen.add(DropReason.BAD_LENGTH);

        // BAD_INTERFACE: not IP, not protocol 112, IPv6 extension header
        byte[] arp = Frames.v4Frame();
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(DropReason.BAD_INTERFACE, reject(arp));
        byte[] udp = Frames.v4Frame();
        udp[IP + 9] = 17;
        Frames.fixIpv4Checksum(udp);
        assertEquals(DropReason.BAD_INTERFACE, reject(udp));
        byte[] hopByHop = Frames.v6Frame();
        hopByHop[IP + 6] = 0;
        assertEquals(DropReason.BAD_INTERFACE, reject(hopByHop));
        seen.add(DropReason.BAD_INTERFACE);

        // BAD_TTL
        byte[] ttl = Frames.v4Frame();
        ttl[IP + 8] = (byte) 254;
        Frames.fixIpv4Checksum(ttl);
        assertEquals(DropReason.BAD_TTL, reject(ttl));
        byte[] hop = Frames.v6Frame();
        hop[IP + 7] = 1;
        assertEquals(DropReason.BAD_TTL, reject(hop));
        seen.add(DropReason.BAD_TTL);

        // BAD_CHECKSUM: IPv4 header, CARP v4, CARP v6
        byte[] ipSum = Frames.v4Frame();
        ipSum[IP + 10] ^= 1;
        assertEquals(DropReason.BAD_CHECKSUM, reject(ipSum));
        byte[] carpSum = Frames.v4Frame();
        carpSum[CARP4 + 20] ^= 0x40; // a bit inside the HMAC
        assertEquals(DropReason.BAD_CHECKSUM, reject(carpSum));
        byte[] carpSum6 = Frames.v6Frame();
        carpSum6[CARP6 + 2] ^= 1;
        assertEquals(DropReason.BAD_CHECKSUM, reject(carpSum6));
        seen.add(DropReason.BAD_CHECKSUM);

        // BAD_VERSION: version 3, and type 2 (0x31 with CARP's checksum is not VRRPv3's)
        for (int versionType : new int[] {0x31, 0x22, 0x11}) {
            byte[] v = Frames.v4Frame();
            v[CARP4] = (byte) versionType;
            Frames.fixCarpChecksum(v, CARP4);
            assertEquals(DropReason.BAD_VERSION, reject(v), Integer.toHexString(versionType));
        }
        seen.add(DropReason.BAD_VERSION);

        // BAD_VHID
        byte[] vhid = Frames.v6Frame();
        vhid[CARP6 + 1] = 0;
        Frames.fixCarpChecksum(vhid, CARP6);
        assertEquals(DropReason.BAD_VHID, reject(vhid));
        seen.add(DropReason.BAD_VHID);

        // The rest (BAD_AUTH, REPLAY, OWN_PACKET) need per-vhid state: not the decoder's job.
        assertEquals(EnumSet.of(DropReason.BAD_LENGTH, DropReason.BAD_INTERFACE, DropReason.BAD_TTL,
                DropReason.BAD_CHECKSUM, DropReason.BAD_VERSION, DropReason.BAD_VHID), seen);
    }

    @Test
    void rejectionDetailsAreShortAndNeverCarryPacketBytes() {
        byte[] f = Frames.v4Frame();
        f[CARP4 + 20] ^= 1;
        DecodeResult.Rejected r = (DecodeResult.Rejected) AdvertisementCodec.decodeFrame(f, 0, f.length);
        assertTrue(r.detail().length() < 60, r.detail());
        assertEquals("CARP checksum", r.detail());
    }

    @Test
    void encodeRejectsBadArguments() {
        Advertisement ad = Frames.signedAd(1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AdvertisementCodec.encodeFrameV4(Frames.MAC, Frames.SRC4, ad, 65536));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> AdvertisementCodec.encodeCarp(ad, new byte[40], 5));
    }

    @Test
    void signedFrameVerifiesAfterDecoding() {
        CarpAuthenticator auth = new CarpAuthenticator(Frames.KEY, 7, List.<InetAddress>of(Frames.VIP4));
        assertTrue(auth.verify(accept(Frames.v4Frame()).advertisement()));
        assertTrue(auth.verify(accept(Frames.v6Frame()).advertisement()));
    }
}
