package org.carpd.core.wire;

import java.net.InetAddress;
import java.util.List;

/** Test helpers: VRRP frames laid out by hand from RFC 3768 (v2) and RFC 5798 (v3). */
public final class VrrpFrames {
    private VrrpFrames() {
    }

    /**
     * VRRPv2 as keepalived sends it: to 224.0.0.18, TTL 255, priority, auth type 0 (or 1 with
     * 8 bytes of simple password), advertisement interval in seconds, the addresses.
     */
    public static byte[] v2(InetAddress source, int vrid, int priority, int authType, byte[] auth,
                     List<InetAddress> addresses) {
        int length = 8 + 4 * addresses.size() + 8;
        byte[] p = new byte[length];
        p[0] = 0x21;
        p[1] = (byte) vrid;
        p[2] = (byte) priority;
        p[3] = (byte) addresses.size();
        p[4] = (byte) authType;
        p[5] = 1;
        for (int i = 0; i < addresses.size(); i++) {
            System.arraycopy(addresses.get(i).getAddress(), 0, p, 8 + 4 * i, 4);
        }
        System.arraycopy(auth, 0, p, 8 + 4 * addresses.size(), Math.min(8, auth.length));
        put16(p, 6, InternetChecksum.compute(p, 0, length));
        return ipv4(source, p);
    }

    /**
     * VRRPv3: version 3 type 1, VRID, priority, count, 4 reserved bits and a 12-bit interval in
     * centiseconds, checksum over the pseudo-header (or, {@code v2Checksum}, without it), addresses.
     */
    public static byte[] v3(InetAddress source, int vrid, int priority, List<InetAddress> addresses, boolean v2Checksum) {
        boolean ipv6 = source.getAddress().length == 16;
        int size = ipv6 ? 16 : 4;
        int length = 8 + size * addresses.size();
        byte[] p = new byte[length];
        p[0] = 0x31;
        p[1] = (byte) vrid;
        p[2] = (byte) priority;
        p[3] = (byte) addresses.size();
        put16(p, 4, 100); // 1 s
        for (int i = 0; i < addresses.size(); i++) {
            System.arraycopy(addresses.get(i).getAddress(), 0, p, 8 + size * i, size);
        }
        byte[] group = ipv6 ? Frames.v6("ff02::12").getAddress() : Frames.v4("224.0.0.18").getAddress();
        if (v2Checksum) {
            put16(p, 6, InternetChecksum.compute(p, 0, length));
        } else {
            byte[] pseudo = new byte[2 * size + 4 + length];
            System.arraycopy(source.getAddress(), 0, pseudo, 0, size);
            System.arraycopy(group, 0, pseudo, size, size);
            pseudo[2 * size + 1] = 112;
            put16(pseudo, 2 * size + 2, length);
            System.arraycopy(p, 0, pseudo, 2 * size + 4, length);
            put16(p, 6, InternetChecksum.compute(pseudo, 0, pseudo.length));
        }
        return ipv6 ? ipv6(source, group, p) : ipv4(source, p);
    }

    private static byte[] ipv4(InetAddress source, byte[] payload) {
        byte[] f = new byte[14 + 20 + payload.length];
        System.arraycopy(new byte[] {1, 0, 0x5e, 0, 0, 0x12, 0, 0, 0x5e, 0, 1, 5}, 0, f, 0, 12);
        put16(f, 12, 0x0800);
        f[14] = 0x45;
        f[15] = (byte) 0xc0; // keepalived: IPTOS_PREC_INTERNETCONTROL
        put16(f, 16, 20 + payload.length);
        f[22] = (byte) 255;
        f[23] = 112;
        System.arraycopy(source.getAddress(), 0, f, 26, 4);
        System.arraycopy(new byte[] {(byte) 224, 0, 0, 18}, 0, f, 30, 4);
        put16(f, 24, InternetChecksum.compute(f, 14, 20));
        System.arraycopy(payload, 0, f, 34, payload.length);
        return f;
    }

    private static byte[] ipv6(InetAddress source, byte[] group, byte[] payload) {
        byte[] f = new byte[14 + 40 + payload.length];
        System.arraycopy(new byte[] {0x33, 0x33, 0, 0, 0, 0x12, 0, 0, 0x5e, 0, 2, 5}, 0, f, 0, 12);
        put16(f, 12, 0x86dd);
        f[14] = 0x60;
        put16(f, 18, payload.length);
        f[20] = 112;
        f[21] = (byte) 255;
        System.arraycopy(source.getAddress(), 0, f, 22, 16);
        System.arraycopy(group, 0, f, 38, 16);
        System.arraycopy(payload, 0, f, 54, payload.length);
        return f;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
