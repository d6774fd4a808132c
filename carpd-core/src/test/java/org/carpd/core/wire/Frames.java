package org.carpd.core.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Test helpers: realistic frames and re-checksumming after a test edits a field. */
final class Frames {
    static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    static final byte[] KEY = "secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final Inet4Address SRC4 = v4("198.18.0.1");
    static final Inet6Address SRC6 = v6("fe80::1");
    static final Inet4Address VIP4 = v4("198.18.0.10");

    private Frames() {
    }

    static Inet4Address v4(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Inet6Address v6(String text) {
        try {
            return (Inet6Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A signed advertisement for vhid 7 / "secret" / 198.18.0.10, as ucarp would send. */
    static Advertisement signedAd(long counter) {
        CarpAuthenticator auth = new CarpAuthenticator(KEY, 7, List.of(VIP4));
        return new Advertisement(7, 20, 0, 1, counter, auth.sign(counter));
    }

    static byte[] v4Frame() {
        return AdvertisementCodec.encodeFrameV4(MAC, SRC4, signedAd(0x0123456789abcdefL), 0x4242);
    }

    static byte[] v6Frame() {
        return AdvertisementCodec.encodeFrameV6(MAC, SRC6, signedAd(0x0123456789abcdefL));
    }

    /** Recomputes the IPv4 header checksum of an untagged frame. */
    static void fixIpv4Checksum(byte[] f) {
        int ihl = (f[14] & 0x0f) * 4;
        f[24] = 0;
        f[25] = 0;
        int sum = InternetChecksum.compute(f, 14, ihl);
        f[24] = (byte) (sum >>> 8);
        f[25] = (byte) sum;
    }

    /** Recomputes the CARP checksum of the 36 bytes at {@code carp}. */
    static void fixCarpChecksum(byte[] f, int carp) {
        f[carp + 6] = 0;
        f[carp + 7] = 0;
        int sum = InternetChecksum.compute(f, carp, Advertisement.LENGTH);
        f[carp + 6] = (byte) (sum >>> 8);
        f[carp + 7] = (byte) sum;
    }
}
