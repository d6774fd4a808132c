package org.carpd.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.carpd.core.config.Balancing;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.VirtualAddress;

/**
 * The carp-interface level of a load-balanced interface, as OpenBSD's {@code carp_softc} over its
 * {@code carp_vhost_entry}s: one {@link VirtualHost} (one election) per carpnode, all with the
 * interface's addresses and key. Unlike an ordinary vhid, the addresses do not follow MASTER: every
 * member holds them while any of its carpnodes takes part (not INIT), and serves the buckets of
 * the carpnodes it is MASTER of. The carpnodes' own address actions are swallowed here; the group
 * emits {@link Action.BalancingChanged} on every state change, and adds or removes the addresses.
 */
final class BalancedGroup {
    private final VhostEnvironment outer;
    private final List<VirtualHost> nodes = new ArrayList<>();
    private CarpInterfaceConfig config;
    private boolean holding;
    private SortedSet<Integer> announcedOwned;

    BalancedGroup(VhostEnvironment outer, CarpInterfaceConfig config, Supplier<ReplayGuard> guards) {
        this.outer = outer;
        this.config = config;
        VhostEnvironment inner = new Inner();
        for (Balancing.CarpNode n : config.balancing().nodes()) {
            nodes.add(new VirtualHost(inner, config.forNode(n), guards.get()));
        }
    }

    CarpInterfaceConfig config() {
        return config;
    }

    /** The carpnodes' elections, bucket order. */
    List<VirtualHost> nodes() {
        return nodes;
    }

    /** Buckets this host serves now. */
    SortedSet<Integer> owned() {
        SortedSet<Integer> owned = new TreeSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).state() == CarpState.MASTER) {
                owned.add(i);
            }
        }
        return owned;
    }

    /** MASTER if this host serves any bucket, BACKUP if it takes part, else INIT. */
    CarpState summaryState() {
        CarpState s = CarpState.INIT;
        for (VirtualHost vh : nodes) {
            if (vh.state() == CarpState.MASTER) {
                return CarpState.MASTER;
            }
            if (vh.state() == CarpState.BACKUP) {
                s = CarpState.BACKUP;
            }
        }
        return s;
    }

    /** Whether {@code next} can be applied in place: same carpdev and the same carpnode vhids. */
    boolean sameNodes(CarpInterfaceConfig next) {
        if (!next.balancing().balanced() || !next.carpdev().equals(config.carpdev())
                || next.balancing().nodes().size() != nodes.size()) {
            return false;
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (next.balancing().nodes().get(i).vhid() != nodes.get(i).config().vhid()) {
                return false;
            }
        }
        return true;
    }

    /** A new configuration with {@link #sameNodes}: each election reconfigured in place (advskew, say). */
    void reconfigure(long now, CarpInterfaceConfig next) {
        CarpInterfaceConfig previous = config;
        config = next;
        if (holding && !previous.addresses().equals(next.addresses())) {
            List<VirtualAddress> removed = new ArrayList<>(previous.addresses());
            removed.removeAll(next.addresses());
            List<VirtualAddress> added = new ArrayList<>(next.addresses());
            added.removeAll(previous.addresses());
            // The rules first name the new set, so the kernel never answers ARP for an added address.
            outer.emit(new Action.BalancingChanged(next.carpdev(), next.name(), next.balancing(), next.addresses(),
                    owned(), true));
            if (!removed.isEmpty()) {
                outer.emit(new Action.RemoveAddresses(next.carpdev(), next.name(), next.vhid(), removed));
            }
            if (!added.isEmpty()) {
                outer.emit(new Action.AddAddresses(next.carpdev(), next.name(), next.vhid(), added));
                outer.emit(new Action.Announce(next.carpdev(), next.name(), added));
            }
        } else if (holding && !previous.balancing().equals(next.balancing())) {
            announcedOwned = null; // the mode (shared MAC) may have changed: the driver rebuilds the rules
        }
        for (int i = 0; i < nodes.size(); i++) {
            CarpInterfaceConfig nc = next.forNode(next.balancing().nodes().get(i));
            if (!nodes.get(i).config().equals(nc)) {
                nodes.get(i).reconfigure(now, nc);
            }
        }
        update();
    }

    /** The state of a carpnode may have changed: keep addresses and buckets in step. */
    private void update() {
        boolean active = nodes.stream().anyMatch(vh -> vh.state() != CarpState.INIT);
        SortedSet<Integer> owned = owned();
        if (active && !holding) {
            holding = true;
            announcedOwned = owned;
            // Rules before addresses: the kernel must never answer ARP/NS for a balanced address.
            outer.emit(new Action.BalancingChanged(config.carpdev(), config.name(), config.balancing(),
                    config.addresses(), owned, true));
            outer.emit(new Action.AddAddresses(config.carpdev(), config.name(), config.vhid(), config.addresses()));
        } else if (!active && holding) {
            holding = false;
            announcedOwned = null;
            outer.emit(new Action.RemoveAddresses(config.carpdev(), config.name(), config.vhid(), config.addresses()));
            outer.emit(new Action.BalancingChanged(config.carpdev(), config.name(), config.balancing(),
                    config.addresses(), owned, false));
        } else if (holding && !owned.equals(announcedOwned)) {
            announcedOwned = owned;
            outer.emit(new Action.BalancingChanged(config.carpdev(), config.name(), config.balancing(),
                    config.addresses(), owned, true));
        }
    }

    /** What the carpnodes see: the engine's environment, without address changes of their own. */
    private final class Inner implements VhostEnvironment {
        @Override
        public int demote(VirtualHost vh) {
            return outer.demote(vh);
        }

        @Override
        public boolean preempt() {
            return outer.preempt();
        }

        @Override
        public int announceRepeat() {
            return outer.announceRepeat();
        }

        @Override
        public boolean maintenance() {
            return outer.maintenance();
        }

        @Override
        public java.net.InetAddress localSource(VirtualHost vh, java.net.InetAddress other) {
            return outer.localSource(vh, other);
        }

        @Override
        public void transmit(long now, VirtualHost vh, int advbase, int advskew, int demote) {
            outer.transmit(now, vh, advbase, advskew, demote);
        }

        @Override
        public void adjustDemotion(long now, List<String> groups, int delta, String why) {
            outer.adjustDemotion(now, groups, delta, why);
        }

        @Override
        public void emit(Action action) {
            if (action instanceof Action.AddAddresses || action instanceof Action.RemoveAddresses) {
                return; // the group holds the addresses, whatever each election's state
            }
            outer.emit(action);
            if (action instanceof Action.StateChanged) {
                update();
            }
        }
    }
}
