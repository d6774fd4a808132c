package org.carpd.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One received netlink message: header fields plus its payload (everything after the 16-byte
 * {@code nlmsghdr}) as a native-order buffer positioned at 0.
 */
record NetlinkMessage(int type, int flags, int seq, int portId, ByteBuffer payload) {

    /** Splits a datagram read from a netlink socket into its messages (copied: the buffer is reused). */
    static List<NetlinkMessage> parseAll(byte[] received, int length) throws NetlinkException {
        byte[] data = Arrays.copyOf(received, length);
        ByteBuffer buf = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        int offset = 0;
        while (length - offset >= Rtnl.NLMSG_HDRLEN) {
            int msgLen = buf.getInt(offset);
            if (msgLen < Rtnl.NLMSG_HDRLEN || msgLen > length - offset) {
                throw NetlinkException.malformed("receive", "message length " + msgLen + " at offset " + offset
                        + " of a " + length + "-byte datagram");
            }
            int type = Short.toUnsignedInt(buf.getShort(offset + 4));
            int flags = Short.toUnsignedInt(buf.getShort(offset + 6));
            int seq = buf.getInt(offset + 8);
            int portId = buf.getInt(offset + 12);
            ByteBuffer payload = ByteBuffer.wrap(data, offset + Rtnl.NLMSG_HDRLEN, msgLen - Rtnl.NLMSG_HDRLEN)
                    .slice().order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(type, flags, seq, portId, payload));
            offset += align4(msgLen);
        }
        return out;
    }

    static int align4(int n) {
        return (n + 3) & ~3;
    }

    /** For NLMSG_ERROR: the negative errno (0 means a positive acknowledgement). */
    int errorCode() {
        return payload.getInt(0);
    }

    /**
     * For NLMSG_ERROR with extended acks: the kernel's text, or null. The attributes follow the echoed
     * request header (only the header when NLM_F_CAPPED is set, else the whole request).
     */
    String extendedAckMessage() {
        if ((flags & Rtnl.NLM_F_ACK_TLVS) == 0 || payload.limit() < 4 + Rtnl.NLMSG_HDRLEN) {
            return null;
        }
        int echoed = (flags & Rtnl.NLM_F_CAPPED) != 0 ? Rtnl.NLMSG_HDRLEN : payload.getInt(4);
        int attrsAt = 4 + align4(echoed);
        if (attrsAt > payload.limit()) {
            return null;
        }
        return Attributes.parse(payload, attrsAt).string(Rtnl.NLMSGERR_ATTR_MSG);
    }
}
