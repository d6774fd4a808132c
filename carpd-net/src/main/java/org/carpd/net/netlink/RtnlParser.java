package org.carpd.net.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.ffi.LibC;

/** Turns RTM_NEWLINK/RTM_NEWADDR payloads into {@link LinkInfo} and {@link InterfaceAddress}. */
final class RtnlParser {
    private RtnlParser() {
    }

    /** Parses an {@code ifinfomsg} and its IFLA_* attributes. */
    static LinkInfo link(NetlinkMessage m, String operation) throws NetlinkException {
        ByteBuffer p = m.payload();
        if (p.limit() < Rtnl.IFINFOMSG_LEN) {
            throw NetlinkException.malformed(operation, "link message of " + p.limit() + " bytes");
        }
        int index = p.getInt(4);
        int flags = p.getInt(8);
        Attributes a = Attributes.parse(p, Rtnl.IFINFOMSG_LEN);
        String name = a.string(Rtnl.IFLA_IFNAME);
        byte[] hw = a.bytes(Rtnl.IFLA_ADDRESS);
        Optional<MacAddress> mac = hw != null && hw.length == 6 ? Optional.of(MacAddress.of(hw)) : Optional.empty();
        return new LinkInfo(index, name == null ? "" : name, mac, a.u32(Rtnl.IFLA_MTU, 0), flags,
                OperState.fromKernel(a.u8(Rtnl.IFLA_OPERSTATE)));
    }

    /** Parses an {@code ifaddrmsg} and its IFA_* attributes; empty for families other than IPv4/IPv6. */
    static Optional<InterfaceAddress> address(NetlinkMessage m, String operation) throws NetlinkException {
        ByteBuffer p = m.payload();
        if (p.limit() < Rtnl.IFADDRMSG_LEN) {
            throw NetlinkException.malformed(operation, "address message of " + p.limit() + " bytes");
        }
        int family = Byte.toUnsignedInt(p.get(0));
        if (family != LibC.AF_INET && family != LibC.AF_INET6) {
            return Optional.empty();
        }
        int prefixLength = Byte.toUnsignedInt(p.get(1));
        int shortFlags = Byte.toUnsignedInt(p.get(2));
        int scope = Byte.toUnsignedInt(p.get(3));
        int index = p.getInt(4);
        Attributes a = Attributes.parse(p, Rtnl.IFADDRMSG_LEN);
        // IFA_LOCAL is the local side; IFA_ADDRESS is the peer on point-to-point links.
        byte[] raw = a.has(Rtnl.IFA_LOCAL) ? a.bytes(Rtnl.IFA_LOCAL) : a.bytes(Rtnl.IFA_ADDRESS);
        if (raw == null) {
            throw NetlinkException.malformed(operation, "address message without IFA_LOCAL/IFA_ADDRESS");
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw NetlinkException.malformed(operation, "address of " + raw.length + " bytes");
        }
        int proto = a.u8(Rtnl.IFA_PROTO);
        return Optional.of(new InterfaceAddress(index, address, prefixLength,
                Optional.ofNullable(a.string(Rtnl.IFA_LABEL)), a.u32(Rtnl.IFA_FLAGS, shortFlags), scope,
                proto < 0 ? OptionalInt.empty() : OptionalInt.of(proto)));
    }
}
