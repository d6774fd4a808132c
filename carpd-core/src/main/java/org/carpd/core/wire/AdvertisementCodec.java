package org.carpd.core.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * Encodes and decodes CARP advertisements in Ethernet frames (IPv4 and IPv6), exactly as
 * OpenBSD carp(4) and ucarp put them on the wire. See {@code ../shared/carp-protocol.md}.
 */
public final class AdvertisementCodec {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int IPPROTO_CARP = 112;
    public static final int TTL = 255;

    private AdvertisementCodec() {
    }

    /**
     * Decodes an Ethernet frame as pcap delivers it. Never throws on any input: anything that
     * is not a well-formed CARP advertisement with TTL/hop limit 255 and a valid checksum comes
     * back as {@link DecodeResult.Rejected} with its reason.
     */
    public static DecodeResult decodeFrame(byte[] frame, int offset, int length) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Writes the 36-byte CARP header of {@code ad} with its checksum at {@code dst[offset]}. */
    public static void encodeCarp(Advertisement ad, byte[] dst, int offset) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Ethernet + IPv4 (TTL 255, TOS 0x10, DF, given id) + CARP, to 224.0.0.18. */
    public static byte[] encodeFrameV4(MacAddress sourceMac, Inet4Address source, Advertisement ad, int ipId) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Ethernet + IPv6 (hop limit 255) + CARP, to ff02::12. */
    public static byte[] encodeFrameV6(MacAddress sourceMac, Inet6Address source, Advertisement ad) {
        throw new UnsupportedOperationException("TODO");
    }
}
