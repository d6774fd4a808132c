package org.carpd.core.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Encodes and decodes CARP advertisements in Ethernet frames (IPv4 and IPv6), exactly as
 * OpenBSD carp(4) and ucarp put them on the wire. See {@code ../shared/carp-protocol.md}.
 *
 * <p>Decoding checks, in this order, and names the first failure:
 * <ol>
 * <li>offset/length inside the array, frame holds an Ethernet header: {@code BAD_LENGTH}</li>
 * <li>ethertype IPv4 or IPv6, untagged: else {@code BAD_INTERFACE} (an 802.1Q-tagged frame
 *     belongs to a VLAN interface, not to the untagged carpdev it was captured on)</li>
 * <li>IPv4: header present, version 4, IHL &ge; 5, total length within the capture:
 *     {@code BAD_LENGTH}; header checksum: {@code BAD_CHECKSUM}; fragment: {@code BAD_LENGTH};
 *     protocol 112: else {@code BAD_INTERFACE}. IPv6: header present, version 6, payload length
 *     within the capture: {@code BAD_LENGTH}; next header 112 (no extension headers): else
 *     {@code BAD_INTERFACE}</li>
 * <li>TTL / hop limit 255: {@code BAD_TTL}</li>
 * <li>VRRP v2 or v3 (keepalived, routers): {@code VRRP}, with the router id and the source; see
 *     {@link VrrpRecognizer}</li>
 * <li>IP payload at least 36 bytes: {@code BAD_LENGTH}</li>
 * <li>CARP checksum over the 36 header bytes: {@code BAD_CHECKSUM}</li>
 * <li>version 2 and type 1: {@code BAD_VERSION}</li>
 * <li>vhid not 0: {@code BAD_VHID}</li>
 * </ol>
 * Like OpenBSD, the checksum covers the 36 CARP bytes only and any bytes after them are
 * ignored, and the authlen field is not checked (OpenBSD and ucarp send 7 but check nothing).
 * The destination address is not checked either: that is the capture filter's job, and it
 * keeps unicast peers possible. {@link #decodeFrame(byte[], int, int, int)} accepts a lower
 * TTL for unicast peers behind routers; the engine then checks it per vhid.
 *
 * <p>Encoding follows OpenBSD's carp_send_ad: IPv4 with TOS 0x10 (low delay), DF, TTL 255;
 * IPv6 with traffic class 0 and flow label 0 (OpenBSD zeroes the header and sets only version,
 * hop limit and next header), hop limit 255. The caller chooses the Ethernet source MAC.
 */
public final class AdvertisementCodec {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int IPPROTO_CARP = 112;
    public static final int TTL = 255;
    /** IPv4 TOS of advertisements: IPTOS_LOWDELAY, as OpenBSD and ucarp send. */
    public static final int IPV4_TOS = 0x10;
    /** Version 2 in the high nibble, type 1 (advertisement) in the low one. */
    public static final int VERSION_TYPE = 0x21;
    /** Authlen OpenBSD and ucarp send: 7 32-bit words (counter and HMAC). */
    public static final int AUTHLEN = 7;

    public static final int ETHERNET_HEADER = 14;
    public static final int IPV4_HEADER = 20;
    public static final int IPV6_HEADER = 40;
    /** Length of an encoded IPv4 frame: Ethernet + IPv4 + CARP. */
    public static final int FRAME_V4_LENGTH = ETHERNET_HEADER + IPV4_HEADER + Advertisement.LENGTH;
    /** Length of an encoded IPv6 frame: Ethernet + IPv6 + CARP. */
    public static final int FRAME_V6_LENGTH = ETHERNET_HEADER + IPV6_HEADER + Advertisement.LENGTH;

    public static final MacAddress MULTICAST_MAC_V4 = MacAddress.parse("01:00:5e:00:00:12");
    public static final MacAddress MULTICAST_MAC_V6 = MacAddress.parse("33:33:00:00:00:12");
    private static final byte[] GROUP_V4 = {(byte) 224, 0, 0, 18};
    private static final byte[] GROUP_V6 = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12};

    private AdvertisementCodec() {
    }

    /**
     * Decodes an Ethernet frame as a packet socket delivers it. Never throws on any input: anything that
     * is not a well-formed CARP advertisement with TTL/hop limit 255 and a valid checksum comes
     * back as {@link DecodeResult.Rejected} with its reason (see the class comment for the
     * order of checks). The HMAC is not checked here: see {@link CarpAuthenticator#verify}.
     */
    public static DecodeResult decodeFrame(byte[] frame, int offset, int length) {
        return decodeFrame(frame, offset, length, TTL);
    }

    /**
     * As {@link #decodeFrame(byte[], int, int)}, accepting a TTL / hop limit down to
     * {@code minTtl} (1..255); the advertisement carries the TTL it arrived with.
     */
    public static DecodeResult decodeFrame(byte[] frame, int offset, int length, int minTtl) {
        if (frame == null || offset < 0 || length < 0 || offset > frame.length - length) {
            return reject(DropReason.BAD_LENGTH, "offset/length outside the buffer");
        }
        if (length < ETHERNET_HEADER) {
            return reject(DropReason.BAD_LENGTH, "shorter than an Ethernet header");
        }
        int end = offset + length;
        int p = offset + 12;
        int ethertype = u16(frame, p);
        p += 2;
        if (ethertype == ETHERTYPE_VLAN) {
            if (end - p < 4) {
                return reject(DropReason.BAD_LENGTH, "truncated 802.1Q tag");
            }
            return reject(DropReason.BAD_INTERFACE, "802.1Q tag, VLAN " + (u16(frame, p) & 0x0fff));
        }
        if (ethertype == ETHERTYPE_IPV4) {
            return withSource(decodeIpv4(frame, offset, p, end, minTtl), frame, p, end, 4);
        }
        if (ethertype == ETHERTYPE_IPV6) {
            return withSource(decodeIpv6(frame, offset, p, end, minTtl), frame, p, end, 6);
        }
        return reject(DropReason.BAD_INTERFACE, "not IPv4 or IPv6");
    }

    /** A rejection with the IP source address added when the header at {@code ip} holds one, so logs name the sender. */
    private static DecodeResult withSource(DecodeResult result, byte[] f, int ip, int end, int version) {
        int header = version == 4 ? IPV4_HEADER : IPV6_HEADER;
        if (!(result instanceof DecodeResult.Rejected r) || r.source() != null || end - ip < header
                || (f[ip] & 0xff) >>> 4 != version) {
            return result;
        }
        byte[] src = version == 4 ? new byte[4] : new byte[16];
        System.arraycopy(f, ip + (version == 4 ? 12 : 8), src, 0, src.length);
        try {
            InetAddress source = version == 4 ? InetAddress.getByAddress(src) : Inet6Address.getByAddress(null, src, -1);
            return new DecodeResult.Rejected(r.reason(), r.detail(), source);
        } catch (UnknownHostException e) { // cannot happen for 4 or 16 bytes
            return result;
        }
    }

    private static DecodeResult decodeIpv4(byte[] f, int frameStart, int ip, int end, int minTtl) {
        int captured = end - ip;
        if (captured < IPV4_HEADER) {
            return reject(DropReason.BAD_LENGTH, "truncated IPv4 header");
        }
        int version = (f[ip] & 0xff) >>> 4;
        int headerLength = (f[ip] & 0x0f) * 4;
        if (version != 4) {
            return reject(DropReason.BAD_LENGTH, "IPv4 frame with IP version " + version);
        }
        if (headerLength < IPV4_HEADER) {
            return reject(DropReason.BAD_LENGTH, "IPv4 header length " + headerLength);
        }
        int totalLength = u16(f, ip + 2);
        if (totalLength < headerLength || totalLength > captured) {
            return reject(DropReason.BAD_LENGTH, "IPv4 total length " + totalLength);
        }
        if (!InternetChecksum.verifies(f, ip, headerLength)) {
            return reject(DropReason.BAD_CHECKSUM, "IPv4 header checksum");
        }
        int fragment = u16(f, ip + 6);
        if ((fragment & 0x3fff) != 0) { // MF flag or a fragment offset
            return reject(DropReason.BAD_LENGTH, "IPv4 fragment");
        }
        int protocol = f[ip + 9] & 0xff;
        if (protocol != IPPROTO_CARP) {
            return reject(DropReason.BAD_INTERFACE, "IP protocol " + protocol);
        }
        int ttl = f[ip + 8] & 0xff;
        if (ttl < minTtl) {
            return reject(DropReason.BAD_TTL, "TTL " + ttl);
        }
        byte[] src = new byte[4];
        System.arraycopy(f, ip + 12, src, 0, 4);
        InetAddress source;
        try {
            source = InetAddress.getByAddress(src);
        } catch (UnknownHostException e) { // cannot happen for 4 bytes
            return reject(DropReason.BAD_LENGTH, "IPv4 source");
        }
        return decodeCarp(f, frameStart, ip, false, ip + headerLength, totalLength - headerLength, source, ttl);
    }

    private static DecodeResult decodeIpv6(byte[] f, int frameStart, int ip, int end, int minTtl) {
        int captured = end - ip;
        if (captured < IPV6_HEADER) {
            return reject(DropReason.BAD_LENGTH, "truncated IPv6 header");
        }
        int version = (f[ip] & 0xff) >>> 4;
        if (version != 6) {
            return reject(DropReason.BAD_LENGTH, "IPv6 frame with IP version " + version);
        }
        int payloadLength = u16(f, ip + 4);
        if (payloadLength > captured - IPV6_HEADER) {
            return reject(DropReason.BAD_LENGTH, "IPv6 payload length " + payloadLength);
        }
        int nextHeader = f[ip + 6] & 0xff;
        if (nextHeader != IPPROTO_CARP) {
            return reject(DropReason.BAD_INTERFACE, "IPv6 next header " + nextHeader);
        }
        int hopLimit = f[ip + 7] & 0xff;
        if (hopLimit < minTtl) {
            return reject(DropReason.BAD_TTL, "hop limit " + hopLimit);
        }
        byte[] src = new byte[16];
        System.arraycopy(f, ip + 8, src, 0, 16);
        InetAddress source;
        try {
            // not InetAddress.getByAddress: it would turn ::ffff:a.b.c.d into an Inet4Address
            source = Inet6Address.getByAddress(null, src, -1);
        } catch (UnknownHostException e) { // cannot happen for 16 bytes
            return reject(DropReason.BAD_LENGTH, "IPv6 source");
        }
        return decodeCarp(f, frameStart, ip, true, ip + IPV6_HEADER, payloadLength, source, hopLimit);
    }

    private static DecodeResult decodeCarp(byte[] f, int frameStart, int ip, boolean ipv6, int c, int payloadLength,
                                           InetAddress source, int ttl) {
        String vrrp = VrrpRecognizer.recognize(f, ip, ipv6, c, payloadLength);
        if (vrrp != null) {
            return new DecodeResult.Rejected(DropReason.VRRP, vrrp, source);
        }
        if (payloadLength < Advertisement.LENGTH) {
            return reject(DropReason.BAD_LENGTH, "CARP payload " + payloadLength + " bytes");
        }
        if (!InternetChecksum.verifies(f, c, Advertisement.LENGTH)) {
            return reject(DropReason.BAD_CHECKSUM, "CARP checksum");
        }
        int versionType = f[c] & 0xff;
        if (versionType != VERSION_TYPE) {
            return reject(DropReason.BAD_VERSION,
                    "CARP version " + (versionType >>> 4) + " type " + (versionType & 0x0f));
        }
        int vhid = f[c + 1] & 0xff;
        if (vhid == 0) {
            return reject(DropReason.BAD_VHID, "vhid 0");
        }
        byte[] hmac = new byte[Advertisement.HMAC_LENGTH];
        System.arraycopy(f, c + 16, hmac, 0, Advertisement.HMAC_LENGTH);
        Advertisement ad = new Advertisement(vhid, f[c + 2] & 0xff, f[c + 4] & 0xff, f[c + 5] & 0xff,
                u64(f, c + 8), hmac);
        byte[] mac = new byte[6];
        System.arraycopy(f, frameStart + 6, mac, 0, 6);
        return new DecodeResult.Accepted(new ReceivedAdvertisement(MacAddress.of(mac), source, ttl, ad));
    }

    /** Writes the 36-byte CARP header of {@code ad} with its checksum at {@code dst[offset]}. */
    public static void encodeCarp(Advertisement ad, byte[] dst, int offset) {
        Objects.requireNonNull(ad, "ad");
        Objects.checkFromIndexSize(offset, Advertisement.LENGTH, dst.length);
        dst[offset] = (byte) VERSION_TYPE;
        dst[offset + 1] = (byte) ad.vhid();
        dst[offset + 2] = (byte) ad.advskew();
        dst[offset + 3] = (byte) AUTHLEN;
        dst[offset + 4] = (byte) ad.demote();
        dst[offset + 5] = (byte) ad.advbase();
        dst[offset + 6] = 0;
        dst[offset + 7] = 0;
        long counter = ad.counter();
        for (int i = 0; i < 8; i++) {
            dst[offset + 8 + i] = (byte) (counter >>> (56 - 8 * i));
        }
        ad.copyHmacTo(dst, offset + 16);
        put16(dst, offset + 6, InternetChecksum.compute(dst, offset, Advertisement.LENGTH));
    }

    /**
     * Ethernet + IPv4 (TTL 255, TOS 0x10, DF, given id) + CARP, to 224.0.0.18.
     *
     * @param ipId the IPv4 identification, 0..65535 (OpenBSD picks it at random)
     */
    public static byte[] encodeFrameV4(MacAddress sourceMac, Inet4Address source, Advertisement ad, int ipId) {
        Objects.requireNonNull(sourceMac, "sourceMac");
        Objects.requireNonNull(source, "source");
        if (ipId < 0 || ipId > 0xffff) {
            throw new IllegalArgumentException("IPv4 id out of range 0..65535: " + ipId);
        }
        byte[] f = new byte[FRAME_V4_LENGTH];
        MULTICAST_MAC_V4.copyTo(f, 0);
        sourceMac.copyTo(f, 6);
        put16(f, 12, ETHERTYPE_IPV4);
        writeIpv4(f, ETHERNET_HEADER, source.getAddress(), GROUP_V4, ad, ipId);
        return f;
    }

    /**
     * An IPv4 packet (no Ethernet header) to a unicast peer, for the kernel to route: the same
     * header as {@link #encodeFrameV4} (TTL 255, TOS 0x10, DF) but to {@code destination}.
     */
    public static byte[] encodePacketV4(Inet4Address source, Inet4Address destination, Advertisement ad, int ipId) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        byte[] p = new byte[IPV4_HEADER + Advertisement.LENGTH];
        writeIpv4(p, 0, source.getAddress(), destination.getAddress(), ad, ipId);
        return p;
    }

    /** An IPv6 packet (no Ethernet header) to a unicast peer: as {@link #encodeFrameV6}, to {@code destination}. */
    public static byte[] encodePacketV6(Inet6Address source, Inet6Address destination, Advertisement ad) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        byte[] p = new byte[IPV6_HEADER + Advertisement.LENGTH];
        writeIpv6(p, 0, source.getAddress(), destination.getAddress(), ad);
        return p;
    }

    private static void writeIpv4(byte[] f, int ip, byte[] source, byte[] destination, Advertisement ad, int ipId) {
        if (ipId < 0 || ipId > 0xffff) {
            throw new IllegalArgumentException("IPv4 id out of range 0..65535: " + ipId);
        }
        f[ip] = 0x45;
        f[ip + 1] = (byte) IPV4_TOS;
        put16(f, ip + 2, IPV4_HEADER + Advertisement.LENGTH);
        put16(f, ip + 4, ipId);
        put16(f, ip + 6, 0x4000); // DF
        f[ip + 8] = (byte) TTL;
        f[ip + 9] = (byte) IPPROTO_CARP;
        System.arraycopy(source, 0, f, ip + 12, 4);
        System.arraycopy(destination, 0, f, ip + 16, 4);
        put16(f, ip + 10, InternetChecksum.compute(f, ip, IPV4_HEADER));
        encodeCarp(ad, f, ip + IPV4_HEADER);
    }

    private static void writeIpv6(byte[] f, int ip, byte[] source, byte[] destination, Advertisement ad) {
        f[ip] = 0x60;
        put16(f, ip + 4, Advertisement.LENGTH);
        f[ip + 6] = (byte) IPPROTO_CARP;
        f[ip + 7] = (byte) TTL;
        System.arraycopy(source, 0, f, ip + 8, 16);
        System.arraycopy(destination, 0, f, ip + 24, 16);
        encodeCarp(ad, f, ip + IPV6_HEADER);
    }

    /** Ethernet + IPv6 (hop limit 255, traffic class 0, flow label 0) + CARP, to ff02::12. */
    public static byte[] encodeFrameV6(MacAddress sourceMac, Inet6Address source, Advertisement ad) {
        Objects.requireNonNull(sourceMac, "sourceMac");
        Objects.requireNonNull(source, "source");
        byte[] f = new byte[FRAME_V6_LENGTH];
        MULTICAST_MAC_V6.copyTo(f, 0);
        sourceMac.copyTo(f, 6);
        put16(f, 12, ETHERTYPE_IPV6);
        writeIpv6(f, ETHERNET_HEADER, source.getAddress(), GROUP_V6, ad);
        return f;
    }

    private static DecodeResult reject(DropReason reason, String detail) {
        return new DecodeResult.Rejected(reason, detail);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }

    private static long u64(byte[] b, int i) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[i + k] & 0xff);
        }
        return v;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
