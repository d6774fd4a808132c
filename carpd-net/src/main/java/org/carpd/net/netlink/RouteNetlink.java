package org.carpd.net.netlink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carpd.net.ffi.LibC;
import org.carpd.net.netlink.CarpdAddressMarker.Ownership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads links and addresses and adds/removes carpd's virtual addresses over NETLINK_ROUTE.
 *
 * <p>One request at a time (methods are synchronized); each request carries a fresh sequence
 * number and NLM_F_ACK, and only replies with that sequence number are taken. The socket, and so
 * every operation, belongs to the network namespace of the thread that called {@link #open()}.
 */
public final class RouteNetlink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteNetlink.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 5_000;
    private static final int DUMP_ATTEMPTS = 3;

    private final NetlinkSocket socket;
    private final CarpdAddressMarker marker;
    private final byte[] buffer = new byte[NetlinkSocket.RECEIVE_BUFFER];
    private int nextSeq = 1;

    private RouteNetlink(NetlinkSocket socket, CarpdAddressMarker marker) {
        this.socket = socket;
        this.marker = marker;
    }

    /** Opens a socket in the calling thread's network namespace, marking addresses per the running kernel. */
    public static RouteNetlink open() throws NetlinkException {
        return open(CarpdAddressMarker.forRunningKernel());
    }

    public static RouteNetlink open(CarpdAddressMarker marker) throws NetlinkException {
        return new RouteNetlink(NetlinkSocket.open(0, RECEIVE_TIMEOUT_MILLIS), marker);
    }

    public CarpdAddressMarker marker() {
        return marker;
    }

    /** The link called {@code ifname}; ENODEV if there is none. */
    public synchronized LinkInfo link(String ifname) throws NetlinkException {
        checkIfname(ifname);
        String op = "look up link '" + ifname + "'";
        MessageBuilder req = linkRequest(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, 0).attrString(Rtnl.IFLA_IFNAME, ifname);
        return single(transact(req, op), op);
    }

    /** The link with index {@code ifindex}; ENODEV if there is none. */
    public synchronized LinkInfo link(int ifindex) throws NetlinkException {
        checkIfindex(ifindex);
        String op = "look up link with ifindex " + ifindex;
        return single(transact(linkRequest(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, ifindex), op), op);
    }

    public synchronized List<LinkInfo> links() throws NetlinkException {
        String op = "list links";
        List<LinkInfo> out = new ArrayList<>();
        for (NetlinkMessage m : dump(() -> linkRequest(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, 0), op)) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                out.add(RtnlParser.link(m, op));
            }
        }
        return out;
    }

    /** All IPv4 and IPv6 addresses on interface {@code ifindex} (empty if there is no such interface). */
    public synchronized List<InterfaceAddress> addresses(int ifindex) throws NetlinkException {
        checkIfindex(ifindex);
        return dumpAddresses().stream().filter(a -> a.ifindex() == ifindex).toList();
    }

    /** All IPv4 and IPv6 addresses on all interfaces. */
    public synchronized List<InterfaceAddress> addresses() throws NetlinkException {
        return dumpAddresses();
    }

    /**
     * Adds {@code address/prefixLength} to interface {@code ifindex}, marked as carpd's (see
     * {@link CarpdAddressMarker}). IPv4 gets the subnet broadcast address; IPv6 skips duplicate
     * address detection (IFA_F_NODAD) so it is usable at once. Fails with EEXIST if the interface
     * already has this address and prefix length.
     */
    public synchronized void addAddress(int ifindex, InetAddress address, int prefixLength) throws NetlinkException {
        addAddress(ifindex, address, prefixLength, -1);
    }

    /** As {@link #addAddress(int, InetAddress, int)}; the subnet route it brings gets {@code routeMetric} if >= 0. */
    public synchronized void addAddress(int ifindex, InetAddress address, int prefixLength, int routeMetric)
            throws NetlinkException {
        checkAddress(ifindex, address, prefixLength);
        String cidr = cidr(address, prefixLength);
        LinkInfo link = linkFor(ifindex, "add address " + cidr);
        String op = "add address " + cidr + " on " + describe(link);
        MessageBuilder req = addAddressRequest(link.name(), ifindex, address, prefixLength, routeMetric);
        transact(req, op);
        LOG.debug("added {} on {}", cidr, link.name());
    }

    /**
     * The RTM_NEWADDR message {@link #addAddress(int, InetAddress, int, int)} sends to add
     * {@code address} on link {@code linkName} (index {@code ifindex}), as bytes with sequence 0.
     */
    public static byte[] addAddressMessage(String linkName, int ifindex, InetAddress address, int prefixLength,
                                           int routeMetric) {
        return addAddressRequest(linkName, ifindex, address, prefixLength, routeMetric).build(0);
    }

    private static MessageBuilder addAddressRequest(String linkName, int ifindex, InetAddress address, int prefixLength,
                                                   int routeMetric) {
        boolean v4 = address instanceof Inet4Address;
        byte[] raw = address.getAddress();
        int flags = v4 ? 0 : InterfaceAddress.IFA_F_NODAD;
        int scope = address.isLoopbackAddress() ? Rtnl.RT_SCOPE_HOST : Rtnl.RT_SCOPE_UNIVERSE;
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_NEWADDR,
                Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL)
                .putU8(v4 ? LibC.AF_INET : LibC.AF_INET6).putU8(prefixLength).putU8(flags).putU8(scope).putU32(ifindex)
                .attr(Rtnl.IFA_LOCAL, raw)
                .attr(Rtnl.IFA_ADDRESS, raw)
                .attrU32(Rtnl.IFA_FLAGS, flags)
                // Kernels before 5.18 ignore the unknown attribute; the IPv4 label still marks the address.
                .attrU8(Rtnl.IFA_PROTO, CarpdAddressMarker.PROTOCOL);
        if (routeMetric >= 0) {
            req.attrU32(Rtnl.IFA_RT_PRIORITY, routeMetric);
        }
        if (v4) {
            if (prefixLength < 31) {
                req.attr(Rtnl.IFA_BROADCAST, broadcast(raw, prefixLength));
            }
            Optional<String> label = CarpdAddressMarker.labelFor(linkName);
            if (label.isPresent()) {
                req.attrString(Rtnl.IFA_LABEL, label.get());
            }
        }
        return req;
    }

    /**
     * Removes carpd's {@code address/prefixLength} from interface {@code ifindex}. Refuses with
     * {@link AddressNotOwnedException} when the address there does not carry carpd's marker (an
     * operator's address with the same IP stays); EADDRNOTAVAIL when the interface lacks it.
     * Where markers cannot tell (IPv6 on kernels before 5.18) the caller's word is taken.
     */
    public synchronized void removeAddress(int ifindex, InetAddress address, int prefixLength)
            throws NetlinkException {
        checkAddress(ifindex, address, prefixLength);
        String cidr = cidr(address, prefixLength);
        LinkInfo link = linkFor(ifindex, "remove address " + cidr);
        String op = "remove address " + cidr + " from " + describe(link);
        Optional<InterfaceAddress> target = dumpAddresses().stream()
                .filter(a -> a.ifindex() == ifindex && a.address().equals(address) && a.prefixLength() == prefixLength)
                .findFirst();
        if (target.isEmpty()) {
            throw new NetlinkException(op, Errno.EADDRNOTAVAIL);
        }
        if (marker.ownership(target.get(), link.name()) == Ownership.FOREIGN) {
            throw new AddressNotOwnedException(op, "it has " + markerText(target.get()));
        }
        delete(link, target.get(), op);
    }

    /**
     * Removes every address carrying carpd's marker, on the given interfaces or, if
     * {@code ifindexes} is empty, on all. Addresses without the marker are never touched.
     * Returns what was removed.
     */
    public synchronized List<InterfaceAddress> removeStaleAddresses(Collection<Integer> ifindexes)
            throws NetlinkException {
        Map<Integer, LinkInfo> linksByIndex = new HashMap<>();
        for (LinkInfo l : links()) {
            linksByIndex.put(l.index(), l);
        }
        List<InterfaceAddress> stale = dumpAddresses().stream()
                .filter(a -> ifindexes.isEmpty() || ifindexes.contains(a.ifindex()))
                .filter(a -> linksByIndex.containsKey(a.ifindex()))
                .filter(a -> marker.ownership(a, linksByIndex.get(a.ifindex()).name()) == Ownership.CARPD)
                // Secondaries first: removing a primary first could take them along.
                .sorted(Comparator.comparing(a -> !a.secondary()))
                .toList();
        List<InterfaceAddress> removed = new ArrayList<>();
        for (InterfaceAddress a : stale) {
            LinkInfo link = linksByIndex.get(a.ifindex());
            String op = "remove stale address " + cidr(a.address(), a.prefixLength()) + " from " + describe(link);
            try {
                delete(link, a, op);
                removed.add(a);
                LOG.info("removed stale carpd address {} from {}", cidr(a.address(), a.prefixLength()), link.name());
            } catch (NetlinkException e) {
                if (e.errno() != Errno.EADDRNOTAVAIL) {
                    throw e;
                }
            }
        }
        return removed;
    }

    /** Same as {@link #removeStaleAddresses(Collection)} on all interfaces. */
    public List<InterfaceAddress> removeStaleAddresses() throws NetlinkException {
        return removeStaleAddresses(List.of());
    }

    @Override
    public synchronized void close() {
        socket.close();
    }

    /** One request on this socket, for the other requesters of this package ({@link Macvlans}). */
    synchronized List<NetlinkMessage> request(MessageBuilder req, String op) throws NetlinkException {
        return transact(req, op);
    }

    private void delete(LinkInfo link, InterfaceAddress target, String op) throws NetlinkException {
        boolean v4 = target.address() instanceof Inet4Address;
        if (v4 && !target.secondary()) {
            keepSecondariesOnPrimaryRemoval(link, target, op);
        }
        byte[] raw = target.address().getAddress();
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_DELADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(v4 ? LibC.AF_INET : LibC.AF_INET6).putU8(target.prefixLength()).putU8(0).putU8(0)
                .putU32(link.index())
                .attr(Rtnl.IFA_LOCAL, raw)
                .attr(Rtnl.IFA_ADDRESS, raw);
        // With a label the IPv4 kernel code deletes only the address carrying exactly that label.
        target.label().filter(l -> v4).ifPresent(l -> req.attrString(Rtnl.IFA_LABEL, l));
        transact(req, op);
    }

    /**
     * Linux deletes all secondary addresses of a subnet together with its primary unless
     * promote_secondaries is set, which would take an operator's (or another vhid's) address along.
     */
    private void keepSecondariesOnPrimaryRemoval(LinkInfo link, InterfaceAddress primary, String op)
            throws NetlinkException {
        boolean hasSecondaries = dumpAddresses().stream().anyMatch(a -> a.ifindex() == link.index()
                && a.secondary() && a.address() instanceof Inet4Address
                && a.prefixLength() == primary.prefixLength()
                && sameSubnet(a.address().getAddress(), primary.address().getAddress(), primary.prefixLength()));
        if (!hasSecondaries) {
            return;
        }
        // Set over netlink rather than /proc/sys so it applies to this socket's namespace, not the caller's.
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_SETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(link.index()).putU32(0).putU32(0);
        int afSpec = req.beginNested(Rtnl.IFLA_AF_SPEC);
        int inet = req.beginNested(LibC.AF_INET);
        int conf = req.beginNested(Rtnl.IFLA_INET_CONF);
        req.attrU32(Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1).endNested(conf).endNested(inet).endNested(afSpec);
        try {
            transact(req, "enable promote_secondaries on " + describe(link));
        } catch (NetlinkException e) {
            throw NetlinkException.failed(op, "refused: it is the primary address of its subnet, removing it would "
                    + "also remove the secondary addresses, and promote_secondaries could not be enabled ("
                    + e.getMessage() + ")");
        }
        LOG.info("enabled net.ipv4.conf.{}.promote_secondaries so that removing {} keeps the other addresses of "
                + "its subnet", link.name(), cidr(primary.address(), primary.prefixLength()));
    }

    /**
     * Sets net.ipv4.conf.IFNAME.arp_announce over netlink (RTM_SETLINK, IFLA_INET_CONF), which
     * needs only CAP_NET_ADMIN and applies to this socket's namespace. Load-balancing members set
     * it to 2 so their own ARP requests never name a balanced address as the sender.
     */
    public synchronized void setArpAnnounce(int ifindex, int value) throws NetlinkException {
        MessageBuilder req = new MessageBuilder(Rtnl.RTM_SETLINK, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(ifindex).putU32(0).putU32(0);
        int afSpec = req.beginNested(Rtnl.IFLA_AF_SPEC);
        int inet = req.beginNested(LibC.AF_INET);
        int conf = req.beginNested(Rtnl.IFLA_INET_CONF);
        req.attrU32(Rtnl.IPV4_DEVCONF_ARP_ANNOUNCE, value).endNested(conf).endNested(inet).endNested(afSpec);
        transact(req, "set arp_announce " + value + " on ifindex " + ifindex);
    }

    private List<InterfaceAddress> dumpAddresses() throws NetlinkException {
        String op = "list addresses";
        List<InterfaceAddress> out = new ArrayList<>();
        for (NetlinkMessage m : dump(() -> new MessageBuilder(Rtnl.RTM_GETADDR, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU8(0).putU8(0).putU32(0), op)) {
            if (m.type() == Rtnl.RTM_NEWADDR) {
                RtnlParser.address(m, op).ifPresent(out::add);
            }
        }
        return out;
    }

    private LinkInfo linkFor(int ifindex, String operation) throws NetlinkException {
        try {
            return link(ifindex);
        } catch (NetlinkException e) {
            throw new NetlinkException(operation + " on ifindex " + ifindex, e.errno(), e.kernelMessage().orElse(null));
        }
    }

    private static MessageBuilder linkRequest(int flags, int ifindex) {
        return new MessageBuilder(Rtnl.RTM_GETLINK, flags)
                .putU8(Rtnl.AF_UNSPEC).putU8(0).putU16(0).putU32(ifindex).putU32(0).putU32(0)
                .attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
    }

    private static LinkInfo single(List<NetlinkMessage> replies, String op) throws NetlinkException {
        for (NetlinkMessage m : replies) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                return RtnlParser.link(m, op);
            }
        }
        throw NetlinkException.malformed(op, "no RTM_NEWLINK in the reply");
    }

    private interface RequestFactory {
        MessageBuilder create();
    }

    /** Runs a dump, again if the kernel flags it as interrupted by a concurrent change. */
    private List<NetlinkMessage> dump(RequestFactory request, String op) throws NetlinkException {
        for (int attempt = 1; ; attempt++) {
            List<NetlinkMessage> replies = transact(request.create(), op);
            boolean interrupted = replies.stream().anyMatch(m -> (m.flags() & Rtnl.NLM_F_DUMP_INTR) != 0);
            if (!interrupted || attempt == DUMP_ATTEMPTS) {
                return replies;
            }
        }
    }

    private List<NetlinkMessage> transact(MessageBuilder request, String op) throws NetlinkException {
        return socket.transact(request, nextSeq++, buffer, op);
    }

    private static String markerText(InterfaceAddress a) {
        return (a.protocol().isPresent() ? "protocol " + a.protocol().getAsInt() : "no protocol")
                + a.label().map(l -> ", label " + l).orElse("")
                + ", carpd uses protocol " + CarpdAddressMarker.PROTOCOL;
    }

    private static String describe(LinkInfo link) {
        return link.name() + " (ifindex " + link.index() + ")";
    }

    static String cidr(InetAddress address, int prefixLength) {
        return address.getHostAddress() + "/" + prefixLength;
    }

    static byte[] broadcast(byte[] v4, int prefixLength) {
        int a = ((v4[0] & 0xff) << 24) | ((v4[1] & 0xff) << 16) | ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        int hostMask = prefixLength == 0 ? -1 : (1 << (32 - prefixLength)) - 1;
        int b = a | hostMask;
        return new byte[] {(byte) (b >>> 24), (byte) (b >>> 16), (byte) (b >>> 8), (byte) b};
    }

    private static boolean sameSubnet(byte[] a, byte[] b, int prefixLength) {
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static void checkIfindex(int ifindex) {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("an interface index is positive, not " + ifindex);
        }
    }

    private static void checkIfname(String ifname) {
        if (ifname == null || ifname.isEmpty() || ifname.length() >= Rtnl.IFNAMSIZ) {
            throw new IllegalArgumentException("an interface name has 1 to 15 characters: '" + ifname + "'");
        }
    }

    private static void checkAddress(int ifindex, InetAddress address, int prefixLength) {
        checkIfindex(ifindex);
        if (address == null) {
            throw new IllegalArgumentException("address is null");
        }
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length of " + address.getHostAddress() + " must be 0.."
                    + max + ", not " + prefixLength);
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw new IllegalArgumentException("not a unicast address: " + address.getHostAddress());
        }
    }
}
