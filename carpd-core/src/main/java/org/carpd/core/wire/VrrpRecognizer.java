package org.carpd.core.wire;

/**
 * Tells VRRP (keepalived and routers; IP protocol 112 like CARP) from CARP, so that a VRRP
 * router on the segment is reported as such rather than as a malformed advertisement.
 *
 * <p>VRRPv2 (RFC 3768, IPv4 only) has CARP's first byte (version 2, type 1): version/type, VRID,
 * priority, address count, auth type, advertisement interval, checksum, then count IPv4
 * addresses and 8 bytes of authentication data, so exactly 16 + 4 x count bytes, with a checksum
 * over all of them. CARP is 36 bytes with 7 (authlen) where VRRP has the count, checksummed over
 * 36 bytes. A payload is VRRPv2 when its length is exactly 16 + 4 x count and that checksum holds.
 * Only a 44-byte CARP payload whose last 8 bytes sum to zero could pass for VRRPv2 (7 addresses);
 * no CARP implementation sends more than 36 bytes, so VRRP wins there. VRRPv3 (RFC 5798) has version 3 and is 8 + count x address-size bytes,
 * checksummed with the IP pseudo-header (as keepalived sends it; without the pseudo-header a
 * version-3 CARP header of 36 bytes would pass for VRRPv3 with 7 addresses).
 */
final class VrrpRecognizer {
    private static final int V2_FIXED = 8;
    private static final int V2_AUTH = 8;
    private static final int V3_FIXED = 8;

    private VrrpRecognizer() {
    }

    /**
     * The detail to report ("VRRPv2 router 5"), or null if the payload is not VRRP.
     *
     * @param ip     offset of the IP header (for the pseudo-header's addresses)
     * @param c      offset of the payload
     * @param length payload length per the IP header (within the capture)
     */
    static String recognize(byte[] f, int ip, boolean ipv6, int c, int length) {
        if (length < V3_FIXED) {
            return null;
        }
        int versionType = f[c] & 0xff;
        int count = f[c + 3] & 0xff;
        int router = f[c + 1] & 0xff;
        if (versionType == 0x21 && !ipv6 && length == V2_FIXED + 4 * count + V2_AUTH
                && InternetChecksum.verifies(f, c, length)) {
            return "VRRPv2 router " + router;
        }
        int addressSize = ipv6 ? 16 : 4;
        if (versionType == 0x31 && length == V3_FIXED + addressSize * count
                && pseudoHeaderVerifies(f, ip, ipv6, c, length)) {
            return "VRRPv3 router " + router;
        }
        return null;
    }

    private static boolean pseudoHeaderVerifies(byte[] f, int ip, boolean ipv6, int c, int length) {
        long sum = ipv6 ? words(f, ip + 8, 32) : words(f, ip + 12, 8);
        sum += AdvertisementCodec.IPPROTO_CARP + length + words(f, c, length);
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum == 0xffff;
    }

    private static long words(byte[] f, int offset, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((f[offset + i] & 0xff) << 8) | (f[offset + i + 1] & 0xff);
        }
        if ((length & 1) != 0) {
            sum += (f[offset + length - 1] & 0xff) << 8;
        }
        return sum;
    }
}
