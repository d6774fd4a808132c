package org.carpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.carpd.net.ffi.LibC;
import org.junit.jupiter.api.Test;

/** Message building and parsing without a kernel. */
class NetlinkCodecTest {
    @Test
    void builtMessageHasAlignedAttributesAndParsesBack() throws Exception {
        byte[] msg = new MessageBuilder(Rtnl.RTM_NEWADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(LibC.AF_INET).putU8(24).putU8(0).putU8(0).putU32(7)
                .attrString(Rtnl.IFA_LABEL, "eth0:carp")   // 4 + 10 bytes, padded to 16
                .attrU8(Rtnl.IFA_PROTO, 112)               // 4 + 1 bytes, padded to 8
                .build(42);
        assertEquals(16 + 8 + 16 + 8, msg.length);
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder());
        assertEquals(msg.length, b.getInt(0));
        assertEquals(42, b.getInt(8));

        List<NetlinkMessage> parsed = NetlinkMessage.parseAll(msg, msg.length);
        assertEquals(1, parsed.size());
        NetlinkMessage m = parsed.get(0);
        assertEquals(Rtnl.RTM_NEWADDR, m.type());
        assertEquals(42, m.seq());
        Attributes a = Attributes.parse(m.payload(), Rtnl.IFADDRMSG_LEN);
        assertEquals("eth0:carp", a.string(Rtnl.IFA_LABEL));
        assertEquals(112, a.u8(Rtnl.IFA_PROTO));
        assertEquals(-1, a.u8(Rtnl.IFA_FLAGS));
    }

    @Test
    void parsesSeveralMessagesInOneDatagramAndKeepsThemWhenTheBufferIsReused() throws Exception {
        byte[] first = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).putU32(1).build(1);
        byte[] second = new MessageBuilder(Rtnl.NLMSG_DONE, 0).putU32(0).build(1);
        byte[] datagram = new byte[first.length + second.length];
        System.arraycopy(first, 0, datagram, 0, first.length);
        System.arraycopy(second, 0, datagram, first.length, second.length);
        List<NetlinkMessage> parsed = NetlinkMessage.parseAll(datagram, datagram.length);
        java.util.Arrays.fill(datagram, (byte) 0x55);
        assertEquals(List.of(Rtnl.RTM_NEWLINK, Rtnl.NLMSG_DONE), parsed.stream().map(NetlinkMessage::type).toList());
        assertEquals(1, parsed.get(0).payload().getInt(0));
    }

    @Test
    void rejectsATruncatedMessage() {
        byte[] msg = new MessageBuilder(Rtnl.RTM_NEWLINK, 0).putU32(1).build(1);
        assertThrows(NetlinkException.class, () -> NetlinkMessage.parseAll(msg, msg.length - 4));
    }

    @Test
    void readsErrnoAndKernelTextFromAnExtendedAck() throws Exception {
        // NLMSG_ERROR, capped, with TLVs: error -17, echoed 16-byte header, NLMSGERR_ATTR_MSG "boom".
        byte[] msg = new MessageBuilder(Rtnl.NLMSG_ERROR, Rtnl.NLM_F_CAPPED | Rtnl.NLM_F_ACK_TLVS)
                .putU32(-Errno.EEXIST).putU32(16).putU32(0).putU32(5).putU32(0)
                .attrString(Rtnl.NLMSGERR_ATTR_MSG, "boom")
                .build(5);
        NetlinkMessage m = NetlinkMessage.parseAll(msg, msg.length).get(0);
        assertEquals(-Errno.EEXIST, m.errorCode());
        assertEquals("boom", m.extendedAckMessage());

        byte[] plain = new MessageBuilder(Rtnl.NLMSG_ERROR, 0).putU32(-Errno.EPERM).putU32(16).putU32(0)
                .putU32(5).putU32(0).build(5);
        assertNull(NetlinkMessage.parseAll(plain, plain.length).get(0).extendedAckMessage());
    }

    @Test
    void exceptionMessageNamesOperationErrnoAndText() {
        NetlinkException e = new NetlinkException("add address 198.18.0.1/24 on eth0 (ifindex 2)", Errno.EEXIST, "x");
        assertEquals("add address 198.18.0.1/24 on eth0 (ifindex 2): EEXIST (File exists) - kernel says: x",
                e.getMessage());
        assertEquals("errno 4095", Errno.name(4095));
    }

    @Test
    void ipv4BroadcastIsTheSubnetsLastAddress() {
        assertArrayEquals(new byte[] {(byte) 198, 18, 0, (byte) 255}, RouteNetlink.broadcast(new byte[] {(byte) 198, 18, 0, 10}, 24));
        assertArrayEquals(new byte[] {(byte) 198, 19, (byte) 255, (byte) 255}, RouteNetlink.broadcast(new byte[] {(byte) 198, 18, 0, 10}, 15));
        assertArrayEquals(new byte[] {(byte) 198, 18, 0, 11}, RouteNetlink.broadcast(new byte[] {(byte) 198, 18, 0, 10}, 30));
    }
}
