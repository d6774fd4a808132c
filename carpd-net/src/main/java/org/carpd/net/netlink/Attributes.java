package org.carpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The route attributes ({@code struct rtattr}/{@code nlattr}) of one message, by type. */
final class Attributes {
    private static final int TYPE_MASK = 0x3fff; // drops NLA_F_NESTED and NLA_F_NET_BYTEORDER

    private final Map<Integer, ByteBuffer> byType;

    private Attributes(Map<Integer, ByteBuffer> byType) {
        this.byType = byType;
    }

    /** Parses attributes from {@code offset} to the end of {@code payload}; a truncated tail is ignored. */
    static Attributes parse(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> map = new HashMap<>();
        int pos = offset;
        while (payload.limit() - pos >= 4) {
            int len = Short.toUnsignedInt(payload.getShort(pos));
            int type = Short.toUnsignedInt(payload.getShort(pos + 2)) & TYPE_MASK;
            if (len < 4 || len > payload.limit() - pos) {
                break;
            }
            map.putIfAbsent(type, payload.slice(pos + 4, len - 4).order(ByteOrder.nativeOrder()));
            pos += NetlinkMessage.align4(len);
        }
        return new Attributes(map);
    }

    boolean has(int type) {
        return byType.containsKey(type);
    }

    byte[] bytes(int type) {
        ByteBuffer b = byType.get(type);
        if (b == null) {
            return null;
        }
        byte[] out = new byte[b.limit()];
        b.get(0, out);
        return out;
    }

    /** A string attribute without its trailing NUL, or null when absent. */
    String string(int type) {
        byte[] b = bytes(type);
        if (b == null) {
            return null;
        }
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** An unsigned 8-bit attribute, or -1 when absent. */
    int u8(int type) {
        ByteBuffer b = byType.get(type);
        return b == null || b.limit() < 1 ? -1 : Byte.toUnsignedInt(b.get(0));
    }

    /** A 32-bit attribute, or {@code fallback} when absent. */
    int u32(int type, int fallback) {
        ByteBuffer b = byType.get(type);
        return b == null || b.limit() < 4 ? fallback : b.getInt(0);
    }

    /** The attributes nested in {@code type}, or null when absent. */
    Attributes nested(int type) {
        ByteBuffer b = byType.get(type);
        return b == null ? null : parse(b, 0);
    }
}
