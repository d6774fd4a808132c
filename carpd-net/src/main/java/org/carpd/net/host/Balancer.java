package org.carpd.net.host;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.core.config.Balancing;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.netlink.InterfaceAddress;
import org.carpd.net.netlink.LinkLayerMembership;
import org.carpd.net.netlink.NetfilterTables;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.carpd.net.nft.BalancedInterface;
import org.carpd.net.nft.BalancingRules;
import org.carpd.net.nft.Nftables;
import org.carpd.net.nft.NftablesException;
import org.carpd.net.frame.AnnouncementFrames;
import org.carpd.net.frame.NeighbourReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of load balancing, driven by {@link Action.BalancingChanged}: the nftables rules
 * (installed when a balanced interface starts taking part, the owned set updated atomically on
 * every change, removed when it stops and on close; stale tables of a crashed carpd removed at
 * start), the shared MAC joined on the carpdev, arp_announce 2 on the carpdev (restored on close),
 * the capture widened to ARP requests and neighbour solicitations, which are answered here with
 * the shared MAC. Protocol thread only, except {@link #answer}, which the capture threads call.
 */
final class Balancer {
    private static final Logger LOG = LoggerFactory.getLogger(Balancer.class);
    private static final Pattern COUNTER = Pattern.compile("counter (\\S+) \\{\\s*packets (\\d+) bytes (\\d+)");

    /** What the capture threads answer for on one carpdev. */
    record Answer(Set<InetAddress> addresses, MacAddress shared) {
    }

    /** The open carpdev to answer from, and what for. */
    record Answering(Carpdev dev, List<Answer> answers) {
    }

    private final RouteNetlink netlink;
    private final HostListener listener;
    private final BalancingRules rules = new BalancingRules();
    private Nftables nft;
    /** The interfaces in the ruleset, by name. */
    private final Map<String, BalancedInterface> installed = new TreeMap<>();
    private final Map<String, Balancing> modes = new HashMap<>();
    private final Map<String, LinkLayerMembership> memberships = new HashMap<>();
    /** arp_announce of each carpdev before carpd set it, to restore. */
    private final Map<String, Integer> arpAnnounceBefore = new HashMap<>();
    private volatile Map<String, Answering> answers = Map.of();

    Balancer(RouteNetlink netlink, HostListener listener) {
        this.netlink = netlink;
        this.listener = listener;
    }

    /**
     * Removes the tables a carpd that did not stop cleanly left behind (only if libnftables exists).
     * Asks the kernel over nfnetlink first, so that libnftables is loaded only when there are some.
     */
    void removeStale() {
        try {
            if (!NetfilterTables.names().contains(BalancingRules.TABLE)) {
                return;
            }
        } catch (NetlinkException e) {
            LOG.debug("cannot list the nftables tables ({}); removing stale rules through libnftables", e.getMessage());
        }
        if (!Nftables.available()) {
            return;
        }
        try {
            nft().run(BalancingRules.removal());
        } catch (NftablesException e) {
            // Quiet: without nf_tables no carpd can have left any; a balanced interface says so when it installs.
            LOG.debug("stale load-balancing rules not removed: {}", e.getMessage());
        }
    }

    void changed(Action.BalancingChanged b, Carpdev dev) {
        String name = b.carpInterface();
        if (!b.active()) {
            if (installed.remove(name) != null) {
                modes.remove(name);
                reinstall();
                closeMembership(name);
                refreshCarpdev(b.carpdev(), dev);
            }
            return;
        }
        if (dev == null) {
            return; // the carpdev is not open; the next activation installs
        }
        List<InetAddress> addresses = b.addresses().stream().map(VirtualAddress::address).toList();
        BalancedInterface bi = new BalancedInterface(name, b.carpdev(), MacAddress.of(b.balancing().sharedMac()),
                addresses, b.buckets(), b.owned());
        BalancedInterface before = installed.put(name, bi);
        modes.put(name, b.balancing());
        try {
            if (before != null && before.withOwned(b.owned()).equals(bi)) {
                nft().run(rules.ownedUpdate(bi));
            } else {
                if (before == null) {
                    LOG.info("{}: balancing {} over {} carpnodes on {} with shared MAC {}; every member must be carpd:"
                            + " carpd picks a connection's carpnode by jhash of its original addresses, OpenBSD by"
                            + " (source ^ destination) % carpnodes, so a group mixing them serves some connections"
                            + " twice and others not at all (their carpnodes still elect together)",
                            name, b.balancing().mode().word(), b.buckets(), b.carpdev(), bi.mac());
                }
                reinstall();
                join(name, dev, bi.mac());
                setArpAnnounce(dev);
                refreshCarpdev(b.carpdev(), dev);
            }
            LOG.info("{}: serving buckets {} of {}", name, b.owned(), b.buckets());
        } catch (NftablesException e) {
            listener.ioFailed(name, "cannot install the load-balancing rules: " + e.getMessage());
        }
    }

    private void reinstall() {
        try {
            nft().run(rules.ruleset(new ArrayList<>(installed.values()), linkLocals()));
        } catch (NftablesException e) {
            listener.ioFailed(null, "cannot install the load-balancing rules: " + e.getMessage());
        }
    }

    /** Each balanced carpdev's own link-local address, the source its neighbour solicitations are given. */
    private Map<String, Inet6Address> linkLocals() {
        Map<String, Inet6Address> out = new HashMap<>();
        for (BalancedInterface bi : installed.values()) {
            try {
                int index = netlink.link(bi.carpdev()).index();
                for (InterfaceAddress a : netlink.addresses(index)) {
                    if (a.address() instanceof Inet6Address v6 && v6.isLinkLocalAddress() && !a.tentative()
                            && !bi.addresses().contains(v6)) {
                        out.putIfAbsent(bi.carpdev(), v6);
                    }
                }
            } catch (NetlinkException e) {
                LOG.debug("no link-local address of {}: {}", bi.carpdev(), e.getMessage());
            }
        }
        return out;
    }

    private void join(String name, Carpdev dev, MacAddress mac) {
        closeMembership(name);
        try {
            memberships.put(name, LinkLayerMembership.join(dev.ifindex, mac.toByteArray()));
        } catch (IOException e) {
            listener.ioFailed(name, "cannot make " + dev.name + " accept " + mac + ": " + e.getMessage());
        }
    }

    private void closeMembership(String name) {
        LinkLayerMembership m = memberships.remove(name);
        if (m != null) {
            m.close();
        }
    }

    /** arp_announce 2: the host's own ARP requests never give a balanced address as their sender. */
    private void setArpAnnounce(Carpdev dev) {
        if (arpAnnounceBefore.containsKey(dev.name)) {
            return;
        }
        int before = readArpAnnounce(dev.name);
        if (before >= 2) {
            return;
        }
        try {
            netlink.setArpAnnounce(dev.ifindex, 2);
            arpAnnounceBefore.put(dev.name, before);
            LOG.info("set net.ipv4.conf.{}.arp_announce to 2 (was {}) for load balancing", dev.name, before);
        } catch (NetlinkException e) {
            listener.ioFailed(null, "cannot set arp_announce on " + dev.name + ": " + e.getMessage());
        }
    }

    private static int readArpAnnounce(String ifname) {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/conf", ifname, "arp_announce"),
                    StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** What the capture of {@code carpdev} passes and answers, after a change. */
    private void refreshCarpdev(String carpdev, Carpdev dev) {
        Map<String, List<Answer>> next = new HashMap<>();
        for (BalancedInterface bi : installed.values()) {
            next.computeIfAbsent(bi.carpdev(), k -> new ArrayList<>())
                    .add(new Answer(Set.copyOf(bi.addresses()), bi.mac()));
        }
        Map<String, Answering> previous = answers;
        Map<String, Answering> map = new HashMap<>();
        next.forEach((name, list) -> {
            Carpdev d = name.equals(carpdev) ? dev : previous.containsKey(name) ? previous.get(name).dev() : null;
            if (d != null) {
                map.put(name, new Answering(d, List.copyOf(list)));
            }
        });
        answers = Map.copyOf(map);
        if (dev != null) {
            try {
                dev.captureNeighbourRequests(next.containsKey(carpdev));
            } catch (IOException e) {
                listener.ioFailed(null, e.getMessage());
            }
        }
    }

    /**
     * A captured frame that is not CARP: an ARP request or neighbour solicitation for a balanced
     * address is answered with the shared MAC. Returns whether the frame was of that kind (then it
     * is not for the engine). Capture threads; never throws on bad input.
     */
    boolean answer(String carpdev, byte[] frame, int length) {
        if (length < 14) {
            return false;
        }
        int type = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        boolean ipv6 = type == 0x86dd;
        if (type != 0x0806 && !(ipv6 && length > 54 && frame[20] == 58)) {
            return false;
        }
        Answering answering = answers.get(carpdev);
        if (answering != null) {
            Carpdev dev = answering.dev();
            for (Answer a : answering.answers()) {
                byte[] reply = NeighbourReplies.reply(frame, 0, length, a.addresses(), a.shared(), dev.mac,
                        ipv6 && dev.ipv6Router());
                if (reply != null) {
                    try {
                        dev.send(reply);
                    } catch (IOException e) {
                        LOG.debug("answering on {}: {}", carpdev, e.getMessage());
                    }
                    break;
                }
            }
        }
        return true;
    }

    /** Gratuitous ARP / unsolicited NA naming the shared MAC, sent from the carpdev's own MAC. */
    static void announce(Carpdev dev, Action.Announce a, Balancing balancing, HostListener listener) {
        MacAddress shared = MacAddress.of(balancing.sharedMac());
        for (VirtualAddress v : a.addresses()) {
            byte[] f = v.address() instanceof Inet4Address v4 ? AnnouncementFrames.gratuitousArp(shared, v4)
                    : AnnouncementFrames.unsolicitedNeighborAdvertisement(shared, (Inet6Address) v.address(),
                    dev.ipv6Router());
            dev.mac.copyTo(f, 6); // a multicast source address is not allowed
            try {
                dev.send(f);
            } catch (IOException e) {
                listener.ioFailed(a.carpInterface(), "announcing " + v + ": " + e.getMessage());
            }
        }
    }

    /** Packets kept and dropped by each balanced interface's rules: name -> {kept, dropped}. */
    Map<String, long[]> counters() {
        Map<String, long[]> out = new LinkedHashMap<>();
        if (installed.isEmpty()) {
            return out;
        }
        String text;
        try {
            text = nft().run("list counters table inet " + BalancingRules.TABLE);
        } catch (NftablesException e) {
            LOG.debug("counters not read: {}", e.getMessage());
            return out;
        }
        Map<String, Long> byObject = new HashMap<>();
        Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            byObject.put(m.group(1), Long.parseLong(m.group(2)));
        }
        for (String name : installed.keySet()) {
            String[] names = rules.counterNames(name);
            if (names != null) {
                out.put(name, new long[] {byObject.getOrDefault(names[0], 0L), byObject.getOrDefault(names[1], 0L)});
            }
        }
        return out;
    }

    /** Removes the rules and memberships and restores arp_announce. */
    void close() {
        if (nft != null) {
            try {
                nft.run(BalancingRules.removal());
            } catch (NftablesException e) {
                LOG.warn("cannot remove the load-balancing rules: {}", e.getMessage());
            }
            nft.close();
            nft = null;
        }
        installed.clear();
        List.copyOf(memberships.keySet()).forEach(this::closeMembership);
        arpAnnounceBefore.forEach((ifname, value) -> {
            try {
                netlink.setArpAnnounce(netlink.link(ifname).index(), value);
            } catch (NetlinkException e) {
                LOG.warn("cannot restore arp_announce on {}: {}", ifname, e.getMessage());
            }
        });
        arpAnnounceBefore.clear();
        answers = Map.of();
    }

    private Nftables nft() throws NftablesException {
        if (nft == null) {
            nft = Nftables.open();
        }
        return nft;
    }
}
