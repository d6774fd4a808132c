package org.carpd.net.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.LinkAddress;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.Macvlans;
import org.carpd.net.netlink.Macvlans.ArpConf;
import org.carpd.net.netlink.Macvlans.Macvlan;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carp interfaces with a MAC of their own ({@code lladdr virtual} or a fixed MAC): one
 * macvlan per carp interface on its carpdev, named like it, created when it is configured, up
 * only while the vhid is MASTER and holding the virtual addresses then. carpd deletes only the
 * macvlans it marked ({@link Macvlans#MARK}): those of a crashed run at start, the others when
 * their carp interface goes and at stop. While a carpdev has such carp interfaces it answers ARP
 * only for its own addresses (arp_ignore 1) and sends ARP from them (arp_announce 2), so only the
 * macvlan answers for a virtual address; the carpdev's earlier values are put back afterwards.
 * Protocol thread only, except {@link #inUse()}.
 */
final class VirtualLinks {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualLinks.class);
    /**
     * The metric of the subnet route a virtual address brings on the macvlan: above the carpdev's
     * own (0 for IPv4, 256 for IPv6), so the host's traffic keeps leaving from the carpdev.
     */
    static final int ROUTE_METRIC = 4096;

    private final RouteNetlink netlink;
    private final Macvlans macvlans;
    private final HostListener listener;
    /** Our macvlan per carp interface. */
    private final Map<String, Macvlan> links = new HashMap<>();
    /** The carpdevs whose ARP settings we changed, with the values they had. */
    private final Map<Integer, ArpConf> savedArp = new HashMap<>();
    /** Per carp interface: the MAC in use and where it lives, for carpctl. */
    private final Map<String, String> inUse = new ConcurrentHashMap<>();

    VirtualLinks(RouteNetlink netlink, HostListener listener) {
        this.netlink = netlink;
        this.macvlans = new Macvlans(netlink);
        this.listener = listener;
    }

    /** Deletes the macvlans a crashed carpd left (marked as carpd's); others are never touched. */
    void removeStale() {
        try {
            for (Macvlan m : macvlans.list()) {
                if (m.ours()) {
                    macvlans.delete(m.index(), m.name());
                    LOG.info("removed stale carpd macvlan {}", m.name());
                }
            }
        } catch (NetlinkException e) {
            listener.ioFailed(null, "cannot remove stale carpd macvlans: " + e.getMessage());
        }
    }

    /**
     * Creates the macvlans {@code config} asks for and deletes those it no longer does; returns
     * the configuration to run: a carp interface whose macvlan cannot be created (the kernel has
     * no macvlan, the name is taken by a link carpd did not create) runs with its carpdev's MAC,
     * and the log says why. A carpdev that does not exist yet leaves its macvlans for later.
     */
    CarpdConfig apply(CarpdConfig config) {
        List<CarpInterfaceConfig> out = new ArrayList<>();
        Map<String, CarpInterfaceConfig> wanted = new HashMap<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            Optional<MacAddress> mac = c.lladdr().mac(c.vhid());
            Macvlan have = links.get(c.name());
            if (have != null && (mac.isEmpty() || !have.mac().equals(mac) || !carpdevIs(have, c.carpdev()))) {
                delete(c.name());
                have = null;
            }
            if (mac.isPresent() && have == null) {
                String why = create(c, mac.get());
                if (why != null) {
                    listener.ioFailed(c.name(), "cannot create macvlan " + c.name() + " on " + c.carpdev() + " for lladdr "
                            + c.lladdr().word() + " (" + why + "); " + c.name() + " runs with the MAC of " + c.carpdev());
                    c = c.withLladdr(LinkAddress.CARPDEV);
                }
            }
            CarpInterfaceConfig run = c;
            wanted.put(run.name(), run);
            inUse.put(run.name(), run.lladdr().mac(run.vhid()).map(m -> m + " (macvlan " + run.name() + ")")
                    .orElseGet(() -> carpdevMac(run.carpdev()) + " (carpdev " + run.carpdev() + ")"));
            out.add(run);
        }
        for (String name : List.copyOf(links.keySet())) {
            if (!wanted.containsKey(name)) {
                delete(name);
            }
        }
        inUse.keySet().retainAll(wanted.keySet());
        restoreArpWhereUnused();
        return new CarpdConfig(config.global(), out, config.trackers());
    }

    /** As {@link #prepare}, and brought up. */
    Integer bringUp(CarpInterfaceConfig c) throws NetlinkException {
        Integer index = prepare(c);
        if (index != null) {
            macvlans.setUp(index, true);
        }
        return index;
    }

    /**
     * The macvlan of {@code c}, as it is (made again if it is gone: deleted by hand, or with its
     * carpdev); null if {@code c} has none (the carpdev holds the addresses).
     */
    Integer prepare(CarpInterfaceConfig c) throws NetlinkException {
        Optional<MacAddress> mac = c.lladdr().mac(c.vhid());
        if (mac.isEmpty()) {
            return null;
        }
        Macvlan m = links.get(c.name());
        if (m != null) {
            if (macvlans.exists(m.index())) {
                return m.index();
            }
            links.remove(c.name());
            LOG.warn("{}: macvlan {} is gone (deleted by hand or with {}); making it again", c.name(), c.name(),
                    c.carpdev());
        }
        String why = create(c, mac.get());
        m = links.get(c.name());
        if (m == null) {
            throw NetlinkException.failed("create macvlan " + c.name() + " on " + c.carpdev(),
                    why != null ? why : c.carpdev() + " does not exist");
        }
        return m.index();
    }

    /**
     * Adds or removes {@code list} where {@code carpInterface}'s addresses live: its macvlan (set
     * up before adding, down after removing) or, without one, the carpdev ({@code carpdevIndex},
     * null when not open). {@code c} is null for a carp interface no longer configured.
     */
    void changeAddresses(AddressKeeper addresses, String carpdev, Integer carpdevIndex, CarpInterfaceConfig c,
                         String carpInterface, List<VirtualAddress> list, boolean add) {
        Integer ifindex = carpdevIndex;
        if (add && ifindex != null && c != null) {
            Integer own;
            try {
                own = prepare(c);
            } catch (NetlinkException e) {
                addresses.markFailed(carpInterface, e.getMessage());
                return;
            }
            if (own != null) {
                // Addresses first, then up: the macvlan's first frames (IPv6 MLD and DAD) already
                // move the switches to the virtual MAC, and the addresses must be there by then.
                addresses.change(carpdev, own, carpInterface, list, true);
                try {
                    macvlans.setUp(own, true);
                } catch (NetlinkException e) {
                    addresses.markFailed(carpInterface, "cannot bring macvlan " + c.name() + " up: " + e.getMessage());
                }
                return;
            }
        } else if (!add && ifindex(carpInterface) != null) {
            ifindex = ifindex(carpInterface);
        }
        addresses.change(carpdev, ifindex, carpInterface, list, add);
        if (!add) {
            takeDown(carpInterface);
        }
    }

    /**
     * After a reconfiguration: a MASTER whose lladdr changed (on the same carpdev) holds its
     * addresses where they now belong, off the carpdev when it gained a macvlan, on the new
     * macvlan or the carpdev otherwise (a deleted macvlan took them along), and announces them
     * with the new MAC. The engine sees no change of addresses, so it asks for none.
     */
    void moveChangedMasters(long time, CarpdConfig before, CarpEngine engine, AddressKeeper addresses, CarpdevSet carpdevs,
                            Announcements announcements) {
        for (VirtualHostStatus s : engine.status()) {
            CarpInterfaceConfig now = engine.config().find(s.name()).orElse(null);
            CarpInterfaceConfig was = before.find(s.name()).orElse(null);
            if (s.state() != CarpState.MASTER || now == null || was == null || !now.carpdev().equals(was.carpdev())
                    || now.lladdr().mac(now.vhid()).equals(was.lladdr().mac(was.vhid()))) {
                continue;
            }
            Integer carpdevIndex = carpdevs.ifindexOf(now.carpdev());
            if (was.lladdr().mac(was.vhid()).isEmpty() && carpdevIndex != null) {
                addresses.change(now.carpdev(), carpdevIndex, s.name(), s.addresses(), false);
            }
            changeAddresses(addresses, now.carpdev(), carpdevIndex, now, s.name(), s.addresses(), true);
            announcements.announce(time, new Action.Announce(now.carpdev(), s.name(), s.addresses()));
            LOG.info("{}: lladdr now {}; its addresses moved accordingly", s.name(), now.lladdr().word());
        }
    }

    /** The MAC of {@code carpInterface} in {@code config}, or null for its carpdev's. */
    static MacAddress macOf(CarpdConfig config, String carpInterface) {
        return config.find(carpInterface).flatMap(c -> c.lladdr().mac(c.vhid())).orElse(null);
    }

    /** The ifindex of {@code carpInterface}'s macvlan, or null. */
    Integer ifindex(String carpInterface) {
        Macvlan m = links.get(carpInterface);
        return m == null ? null : m.index();
    }

    /** The carp interface whose macvlan has index {@code ifindex}, or null. */
    String byIndex(int ifindex) {
        for (Macvlan m : links.values()) {
            if (m.index() == ifindex) {
                return m.name();
            }
        }
        return null;
    }

    /** Takes {@code carpInterface}'s macvlan down (its vhid left MASTER). */
    void takeDown(String carpInterface) {
        Macvlan m = links.get(carpInterface);
        if (m == null) {
            return;
        }
        try {
            macvlans.setUp(m.index(), false);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENODEV) {
                listener.ioFailed(carpInterface, "cannot take macvlan " + m.name() + " down: " + e.getMessage());
            }
        }
    }

    /** MAC in use per carp interface, e.g. {@code 00:00:5e:00:01:01 (macvlan carp0)}; any thread. */
    Map<String, String> inUse() {
        return Map.copyOf(inUse);
    }

    /** At stop: deletes every macvlan carpd made and puts the carpdevs' ARP settings back. */
    void closeAll() {
        for (String name : List.copyOf(links.keySet())) {
            delete(name);
        }
        restoreArpWhereUnused();
    }

    private String carpdevMac(String carpdev) {
        try {
            return netlink.link(carpdev).mac().map(Object::toString).orElse("none");
        } catch (NetlinkException e) {
            return "unknown";
        }
    }

    private boolean carpdevIs(Macvlan m, String carpdev) {
        try {
            return netlink.link(carpdev).index() == m.parentIndex();
        } catch (NetlinkException e) {
            return false;
        }
    }

    /** Null on success, else why not. */
    private String create(CarpInterfaceConfig c, MacAddress mac) {
        int parent;
        try {
            parent = netlink.link(c.carpdev()).index();
        } catch (NetlinkException e) {
            return null; // no carpdev yet: created when the vhid first needs it
        }
        try {
            if (!savedArp.containsKey(parent)) {
                ArpConf before = macvlans.arpConf(parent);
                macvlans.setArpConf(parent, new ArpConf(Math.max(1, before.ignore()), Math.max(2, before.announce())));
                savedArp.put(parent, before);
                LOG.info("{}: set arp_ignore 1 and arp_announce 2 (were {} and {}) so that only the macvlans answer ARP"
                        + " for the virtual addresses", c.carpdev(), before.ignore(), before.announce());
            }
            Macvlan m = macvlans.create(c.name(), parent, mac);
            links.put(c.name(), m);
            LOG.info("{}: created macvlan {} on {} with MAC {}", c.name(), c.name(), c.carpdev(), mac);
            return null;
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EOPNOTSUPP) {
                return "this kernel has no macvlan support: " + e.getMessage();
            }
            if (e.errno() == Errno.EEXIST) {
                return "a link named " + c.name() + " exists that carpd did not create: " + e.getMessage();
            }
            return e.getMessage();
        }
    }

    private void delete(String name) {
        Macvlan m = links.remove(name);
        if (m == null) {
            return;
        }
        try {
            macvlans.delete(m.index(), m.name());
            LOG.info("{}: deleted macvlan {}", name, m.name());
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENODEV) {
                listener.ioFailed(name, "cannot delete macvlan " + m.name() + ": " + e.getMessage());
            }
        }
    }

    private void restoreArpWhereUnused() {
        savedArp.entrySet().removeIf(e -> {
            if (links.values().stream().anyMatch(m -> m.parentIndex() == e.getKey())) {
                return false;
            }
            try {
                macvlans.setArpConf(e.getKey(), e.getValue());
                LOG.info("ifindex {}: put arp_ignore {} and arp_announce {} back", e.getKey(), e.getValue().ignore(),
                        e.getValue().announce());
            } catch (NetlinkException x) {
                if (x.errno() != Errno.ENODEV) {
                    listener.ioFailed(null, "cannot put the ARP settings of ifindex " + e.getKey() + " back: "
                            + x.getMessage());
                }
            }
            return true;
        });
    }
}
