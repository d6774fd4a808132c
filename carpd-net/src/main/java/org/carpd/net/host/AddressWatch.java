package org.carpd.net.host;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.net.netlink.AddressEvent;
import org.carpd.net.netlink.CarpdAddressMarker;
import org.carpd.net.netlink.InterfaceAddress;
import org.carpd.net.netlink.NetlinkException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address events on the carpdevs. A virtual address removed from under a MASTER by someone else
 * ({@code ip addr del}, another program) is put back at once and announced again; a change of a
 * carpdev's own addresses (its IPv4 address, a link-local address appearing or finishing duplicate
 * address detection) is reported to the engine, which takes its source addresses from them.
 * Protocol thread only.
 */
final class AddressWatch {
    private static final Logger LOG = LoggerFactory.getLogger(AddressWatch.class);
    /** At most this many restores of one address per window: beyond, another program is fighting us. */
    static final int MAX_RESTORES = 5;
    static final long RESTORE_WINDOW_NANOS = 10_000_000_000L;

    /** Restores of one address in the current window. */
    private static final class Restores {
        long windowStart;
        int count;
    }

    private final Map<VirtualAddress, Restores> restores = new HashMap<>();
    private final CarpEngine engine;
    private final CarpdevSet carpdevs;
    private final AddressKeeper addresses;
    private final CarpdAddressMarker marker;
    private final Supplier<Set<InetAddress>> virtualAddresses;
    private final VirtualLinks links;
    private final Announcements announcements;

    AddressWatch(CarpEngine engine, CarpdevSet carpdevs, AddressKeeper addresses, CarpdAddressMarker marker,
                 Supplier<Set<InetAddress>> virtualAddresses, VirtualLinks links,
                 Announcements announcements) {
        this.links = links;
        this.announcements = announcements;
        this.engine = engine;
        this.carpdevs = carpdevs;
        this.addresses = addresses;
        this.marker = marker;
        this.virtualAddresses = virtualAddresses;
    }

    void changed(long now, AddressEvent event) {
        InterfaceAddress a = event.address();
        if (event.removed()) {
            addresses.addressRemoved(a.ifindex(), a.address(), a.prefixLength());
        } else if (!a.tentative()) {
            addresses.addressReported(a.address());
        }
        Carpdev dev = carpdevs.byIndex(a.ifindex());
        if (dev == null) {
            // An address of a carp interface's own macvlan: restore it as one on the carpdev.
            String owner = links.byIndex(a.ifindex());
            Carpdev parent = owner == null ? null
                    : engine.config().find(owner).map(c -> carpdevs.get(c.carpdev())).orElse(null);
            if (parent != null && event.removed() && virtualAddresses.get().contains(a.address())) {
                restoreMissing(now, parent, new VirtualAddress(a.address(), a.prefixLength()));
            }
            return;
        }
        boolean virtual = virtualAddresses.get().contains(a.address())
                || marker.ownership(a, dev.name) == CarpdAddressMarker.Ownership.CARPD;
        if (!virtual) {
            carpdevs.refresh(now, dev);
        } else if (event.removed()) {
            restoreMissing(now, dev, new VirtualAddress(a.address(), a.prefixLength()));
        }
    }

    /**
     * The reads of {@link #restoreMissing} once, at start, before any vhid can be MASTER: the
     * first periodic check (10 s after start at advbase 0) otherwise linked its lambdas and the
     * addresses' record {@code hashCode}/{@code equals} (about 40 method-handle classes) on the
     * protocol thread while MASTER: 10 to 44 ms without an advertisement, a false failover at
     * advbase 0 (benchmarks.md, stop 18). Reads only; a failure is reported as the check's would be.
     */
    void warmUp() {
        Map<Integer, Set<VirtualAddress>> present = addresses.presentByInterface();
        if (present != null) {
            for (Carpdev dev : carpdevs.all()) {
                Set<VirtualAddress> there = present.getOrDefault(dev.ifindex, Set.of());
                engine.config().interfaces().forEach(c -> c.addresses().forEach(there::contains));
            }
        }
        // Before a takeover the set is usually empty and contains() calls neither: link the
        // records' hashCode and equals here (spun method handles, ms each on a MASTER's thread).
        for (var c : engine.config().interfaces()) {
            for (VirtualAddress v : c.addresses()) {
                v.hashCode(); // called for the linkage only
                v.equals(v);
            }
        }
    }

    /**
     * Puts back {@code only} (or, if null, every address) that a MASTER vhid on {@code dev} lacks.
     * Our own removals are never undone: by the time their event arrives the vhid has left MASTER
     * or the address has left its configuration, and an address that is present is left alone.
     */
    void restoreMissing(long now, Carpdev dev, VirtualAddress only) {
        Map<Integer, Set<VirtualAddress>> present = null; // one dump for every interface, read only for a MASTER
        for (VirtualHostStatus s : engine.status()) {
            if (s.state() != CarpState.MASTER || !s.carpdev().equals(dev.name)) {
                continue;
            }
            Integer own; // the carp interface's macvlan holds its addresses
            try {
                own = links.bringUp(engine.config().find(s.name()).orElseThrow());
            } catch (NetlinkException e) {
                addresses.markFailed(s.name(), e.getMessage());
                continue;
            }
            int home = own != null ? own : dev.ifindex;
            if (present == null && (present = addresses.presentByInterface()) == null) {
                return;
            }
            Set<VirtualAddress> there = present.getOrDefault(home, Set.of());
            for (VirtualAddress v : s.addresses()) {
                if ((only == null || only.equals(v)) && !there.contains(v) && mayRestore(now, s.name(), dev, v)
                        && addresses.restore(s.name(), home, v)) {
                    LOG.warn("{}: virtual address {} was removed from {} while MASTER, not by carpd; restored it",
                            s.name(), v, own != null ? s.name() : dev.name);
                    announcements.announce(now, new Action.Announce(dev.name, s.name(), List.of(v)));
                }
            }
        }
    }

    /**
     * False once {@code v} was restored {@value #MAX_RESTORES} times within 10 s: something keeps
     * removing it, and fighting it would flood the log and the CPU. The vhid is then FAILED until
     * the window is over (the next removal is restored again) or a later change succeeds.
     */
    private boolean mayRestore(long now, String carpInterface, Carpdev dev, VirtualAddress v) {
        Restores r = restores.computeIfAbsent(v, k -> new Restores());
        if (r.count == 0 || now - r.windowStart > RESTORE_WINDOW_NANOS) {
            r.windowStart = now;
            r.count = 0;
        }
        if (++r.count <= MAX_RESTORES) {
            return true;
        }
        if (r.count == MAX_RESTORES + 1) {
            addresses.markFailed(carpInterface, "virtual address " + v + " keeps being removed from " + dev.name
                    + " by another program (" + MAX_RESTORES + " times in 10 s); no longer restored for now");
        }
        return false;
    }
}
