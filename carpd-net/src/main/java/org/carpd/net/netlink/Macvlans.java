package org.carpd.net.netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.ffi.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The macvlan links that stand for carp interfaces with a MAC of their own, over the same socket
 * as {@link RouteNetlink}: created (RTM_NEWLINK, kind {@code macvlan}, mode private) with the
 * alias {@value #MARK} that marks them as carpd's, brought up and down, deleted; and the IPv4
 * ARP settings of a link (devconf arp_ignore/arp_announce), which carpd cannot write under
 * /proc/sys as the unprivileged carpd user.
 */
public final class Macvlans {
    private static final Logger LOG = LoggerFactory.getLogger(Macvlans.class);
    /** IFLA_IFALIAS of every macvlan carpd creates; links without it are never changed or deleted. */
    public static final String MARK = "carpd";

    /** A macvlan link; {@code ours} when it carries {@link #MARK}. */
    public record Macvlan(int index, String name, int parentIndex, Optional<MacAddress> mac, boolean ours,
                          boolean up) {
    }

    /** A link's IPv4 ARP behaviour ({@code net.ipv4.conf.IF.arp_ignore/arp_announce}). */
    public record ArpConf(int ignore, int announce) {
    }

    private final RouteNetlink netlink;

    public Macvlans(RouteNetlink netlink) {
        this.netlink = netlink;
    }

    /** Every macvlan link in the namespace. */
    public List<Macvlan> list() throws NetlinkException {
        List<Macvlan> out = new ArrayList<>();
        String op = "list macvlan links";
        for (NetlinkMessage m : netlink.request(getLink(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, 0), op)) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                parse(m, op).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Creates macvlan {@code name} on {@code parentIndex} with {@code mac}, administratively down,
     * marked as carpd's, without IPv6 link-local address (both nodes would have the same one) and
     * answering ARP only for its own addresses. ENOTSUP/EOPNOTSUPP or "Unknown device type" when
     * the kernel lacks macvlan; on any failure after creation the link is deleted again.
     */
    public Macvlan create(String name, int parentIndex, MacAddress mac) throws NetlinkException {
        String op = "create macvlan " + name + " (" + mac + ") on ifindex " + parentIndex;
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_NEWLINK,
                Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(0).putU32(0).putU32(0)
                .attrString(Rtnl.IFLA_IFNAME, name)
                .attrU32(Rtnl.IFLA_LINK, parentIndex)
                .attr(Rtnl.IFLA_ADDRESS, mac.toByteArray());
        int info = req.beginNested(Rtnl.IFLA_LINKINFO);
        req.attrString(Rtnl.IFLA_INFO_KIND, "macvlan");
        int data = req.beginNested(Rtnl.IFLA_INFO_DATA);
        // Private: frames never pass between macvlans of one carpdev, and a frame that comes back
        // from the wire with our own virtual MAC as source (a peer in split brain) is not taken in.
        req.attrU32(Rtnl.IFLA_MACVLAN_MODE, Rtnl.MACVLAN_MODE_PRIVATE).endNested(data).endNested(info);
        netlink.request(req, op);
        int index = netlink.link(name).index();
        try {
            // The alias cannot be given at creation (the kernel applies it only to existing links).
            netlink.request(setLink(index).attrString(Rtnl.IFLA_IFALIAS, MARK), op + ": set alias " + MARK);
            setArpConf(index, new ArpConf(1, 2));
        } catch (NetlinkException | RuntimeException e) {
            deleteQuietly(index, name);
            throw e;
        }
        try {
            MessageBuilder v6 = setLink(index);
            int spec = v6.beginNested(Rtnl.IFLA_AF_SPEC);
            int inet6 = v6.beginNested(LibC.AF_INET6);
            v6.attrU8(Rtnl.IFLA_INET6_ADDR_GEN_MODE, Rtnl.IN6_ADDR_GEN_MODE_NONE).endNested(inet6).endNested(spec);
            netlink.request(v6, op + ": no IPv6 link-local address");
        } catch (NetlinkException e) {
            LOG.debug("{}: {}", name, e.getMessage()); // without IPv6 on the host there is nothing to turn off
        }
        return new Macvlan(index, name, parentIndex, Optional.of(mac), true, false);
    }

    /** Deletes link {@code ifindex}; the caller has checked that it is ours. */
    public void delete(int ifindex, String name) throws NetlinkException {
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_DELLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(ifindex).putU32(0).putU32(0);
        netlink.request(req, "delete macvlan " + name + " (ifindex " + ifindex + ")");
    }

    /** Sets link {@code ifindex} administratively up or down. */
    public void setUp(int ifindex, boolean up) throws NetlinkException {
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_SETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(ifindex)
                .putU32(up ? LinkInfo.IFF_UP : 0).putU32(LinkInfo.IFF_UP);
        netlink.request(req, "set ifindex " + ifindex + (up ? " up" : " down"));
    }

    /** Whether link {@code ifindex} exists (one RTM_GETLINK round trip). */
    public boolean exists(int ifindex) throws NetlinkException {
        try {
            netlink.request(getLink(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, ifindex), "look up ifindex " + ifindex);
            return true;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return false;
            }
            throw e;
        }
    }

    /** The ARP settings of link {@code ifindex} (0/0 when the kernel reports none). */
    public ArpConf arpConf(int ifindex) throws NetlinkException {
        String op = "read the ARP settings of ifindex " + ifindex;
        for (NetlinkMessage m : netlink.request(getLink(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, ifindex), op)) {
            if (m.type() != Rtnl.RTM_NEWLINK) {
                continue;
            }
            Attributes a = Attributes.parse(m.payload(), Rtnl.IFINFOMSG_LEN);
            Attributes spec = a.nested(Rtnl.IFLA_AF_SPEC);
            Attributes inet = spec == null ? null : spec.nested(LibC.AF_INET);
            byte[] conf = inet == null ? null : inet.bytes(Rtnl.IFLA_INET_CONF);
            if (conf == null) {
                return new ArpConf(0, 0);
            }
            ByteBuffer b = ByteBuffer.wrap(conf).order(java.nio.ByteOrder.nativeOrder());
            return new ArpConf(b.getInt((Rtnl.IPV4_DEVCONF_ARP_IGNORE - 1) * 4),
                    b.getInt((Rtnl.IPV4_DEVCONF_ARP_ANNOUNCE - 1) * 4));
        }
        throw NetlinkException.malformed(op, "no RTM_NEWLINK in the reply");
    }

    /** Sets arp_ignore and arp_announce of link {@code ifindex} (over netlink: no /proc/sys write needed). */
    public void setArpConf(int ifindex, ArpConf conf) throws NetlinkException {
        MessageBuilder req = setLink(ifindex);
        int spec = req.beginNested(Rtnl.IFLA_AF_SPEC);
        int inet = req.beginNested(LibC.AF_INET);
        int c = req.beginNested(Rtnl.IFLA_INET_CONF);
        req.attrU32(Rtnl.IPV4_DEVCONF_ARP_IGNORE, conf.ignore())
                .attrU32(Rtnl.IPV4_DEVCONF_ARP_ANNOUNCE, conf.announce())
                .endNested(c).endNested(inet).endNested(spec);
        netlink.request(req, "set arp_ignore " + conf.ignore() + " and arp_announce " + conf.announce()
                + " on ifindex " + ifindex);
    }

    private void deleteQuietly(int index, String name) {
        try {
            delete(index, name);
        } catch (NetlinkException e) {
            LOG.warn("could not delete the half-made macvlan {}: {}", name, e.getMessage());
        }
    }

    private static Optional<Macvlan> parse(NetlinkMessage m, String op) throws NetlinkException {
        LinkInfo link = RtnlParser.link(m, op);
        Attributes a = Attributes.parse(m.payload(), Rtnl.IFINFOMSG_LEN);
        Attributes info = a.nested(Rtnl.IFLA_LINKINFO);
        if (info == null || !"macvlan".equals(info.string(Rtnl.IFLA_INFO_KIND))) {
            return Optional.empty();
        }
        return Optional.of(new Macvlan(link.index(), link.name(), a.u32(Rtnl.IFLA_LINK, 0), link.mac(),
                MARK.equals(a.string(Rtnl.IFLA_IFALIAS)), link.up()));
    }

    private static MessageBuilder getLink(int flags, int ifindex) {
        return new MessageBuilder(Rtnl.RTM_GETLINK, flags)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(ifindex).putU32(0).putU32(0)
                .attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
    }

    private static MessageBuilder setLink(int ifindex) {
        return new MessageBuilder(Rtnl.RTM_SETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(ifindex).putU32(0).putU32(0);
    }
}
