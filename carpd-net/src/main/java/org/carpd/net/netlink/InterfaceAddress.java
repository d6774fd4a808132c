package org.carpd.net.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An IP address configured on an interface.
 *
 * @param ifindex      index of the interface it is on
 * @param address      the local address
 * @param prefixLength prefix length (0..32 or 0..128)
 * @param label        IPv4 label, e.g. {@code eth0:carp}; IPv6 addresses have none
 * @param flags        {@code IFA_F_*} flags (the 32-bit IFA_FLAGS value when the kernel sends it)
 * @param scope        {@code RT_SCOPE_*}: 0 global, 253 link, 254 host
 * @param protocol     IFA_PROTO value (kernel 5.18+); empty when the kernel did not report one,
 *                     which newer kernels also do for protocol 0 (unspecified, e.g. {@code ip addr add})
 */
public record InterfaceAddress(int ifindex, InetAddress address, int prefixLength, Optional<String> label,
                               int flags, int scope, OptionalInt protocol) {
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;

    public StandardProtocolFamily family() {
        return address instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** IPv6 only: duplicate address detection has not finished, so the address cannot be used yet. */
    public boolean tentative() {
        return (flags & IFA_F_TENTATIVE) != 0;
    }

    /** IPv4 only: another address of the same subnet is the primary one. */
    public boolean secondary() {
        return (flags & IFA_F_SECONDARY) != 0;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength + " on ifindex " + ifindex
                + label.map(l -> " label " + l).orElse("")
                + (protocol.isPresent() ? " proto " + protocol.getAsInt() : "")
                + " flags 0x" + Integer.toHexString(flags);
    }
}
