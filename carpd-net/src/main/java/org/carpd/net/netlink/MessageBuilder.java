package org.carpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: a 16-byte {@code nlmsghdr}, a fixed family header written with the
 * {@code put*} methods, then 4-byte aligned attributes. Integers are in host byte order, as the
 * kernel expects; addresses are raw network-order bytes.
 */
final class MessageBuilder {
    private static final int NLA_F_NESTED = 0x8000;

    private final ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());

    MessageBuilder(int type, int flags) {
        buf.putInt(0); // length, patched in build()
        buf.putShort((short) type);
        buf.putShort((short) flags);
        buf.putInt(0); // seq, patched in build()
        buf.putInt(0); // port id 0: the kernel fills in ours
    }

    MessageBuilder putU8(int v) {
        buf.put((byte) v);
        return this;
    }

    MessageBuilder putU16(int v) {
        buf.putShort((short) v);
        return this;
    }

    MessageBuilder putU32(int v) {
        buf.putInt(v);
        return this;
    }

    MessageBuilder attr(int type, byte[] value) {
        align();
        buf.putShort((short) (4 + value.length));
        buf.putShort((short) type);
        buf.put(value);
        return this;
    }

    MessageBuilder attrU8(int type, int value) {
        return attr(type, new byte[] {(byte) value});
    }

    MessageBuilder attrU32(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** Starts a nested attribute; returns the handle to pass to {@link #endNested}. */
    int beginNested(int type) {
        align();
        int start = buf.position();
        buf.putShort((short) 0);
        buf.putShort((short) (type | NLA_F_NESTED));
        return start;
    }

    MessageBuilder endNested(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** A NUL-terminated string attribute, as the kernel's NLA_STRING/NLA_NUL_STRING expect. */
    MessageBuilder attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.US_ASCII);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    byte[] build(int seq) {
        align();
        int length = buf.position();
        buf.putInt(0, length);
        buf.putInt(8, seq);
        return Arrays.copyOf(buf.array(), length);
    }

    private void align() {
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }
}
