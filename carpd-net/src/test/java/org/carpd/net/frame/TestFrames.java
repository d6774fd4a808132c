package org.carpd.net.frame;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.carpd.core.wire.MacAddress;

/** Minimal IP-protocol-112 frames to the CARP groups, with a marker byte; not valid CARP, only for the transport. */
final class TestFrames {
    private TestFrames() {
    }

    static byte[] carpOverIpv4(MacAddress src, String srcIp, int marker) throws UnknownHostException {
        byte[] f = new byte[14 + 20 + 36];
        byte[] dstMac = {0x01, 0x00, 0x5e, 0, 0, 0x12};
        System.arraycopy(dstMac, 0, f, 0, 6);
        src.copyTo(f, 6);
        f[12] = 0x08;
        f[14] = 0x45;
        f[17] = 56; // total length
        f[22] = (byte) 255; // TTL
        f[23] = 112;
        System.arraycopy(InetAddress.getByName(srcIp).getAddress(), 0, f, 26, 4);
        System.arraycopy(InetAddress.getByName("224.0.0.18").getAddress(), 0, f, 30, 4);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >> 16);
        sum = ~((sum & 0xffff) + (sum >> 16));
        f[24] = (byte) (sum >> 8);
        f[25] = (byte) sum;
        f[34] = 0x21;
        f[f.length - 1] = (byte) marker;
        return f;
    }

    static byte[] carpOverIpv6(MacAddress src, String srcIp, int marker) throws UnknownHostException {
        byte[] f = new byte[14 + 40 + 36];
        byte[] dstMac = {0x33, 0x33, 0, 0, 0, 0x12};
        System.arraycopy(dstMac, 0, f, 0, 6);
        src.copyTo(f, 6);
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd;
        f[14] = 0x60;
        f[19] = 36; // payload length
        f[20] = 112;
        f[21] = (byte) 255;
        System.arraycopy(InetAddress.getByName(srcIp).getAddress(), 0, f, 22, 16);
        System.arraycopy(InetAddress.getByName("ff02::12").getAddress(), 0, f, 38, 16);
        f[54] = 0x21;
        f[f.length - 1] = (byte) marker;
        return f;
    }
}
