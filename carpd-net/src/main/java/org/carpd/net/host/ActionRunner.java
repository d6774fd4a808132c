package org.carpd.net.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.net.raw.RawSocketSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the engine's actions for {@link CarpHost}, on the protocol thread: sends
 * advertisements (packet socket or unicast), changes and announces virtual addresses, drives the
 * balancer and tells the listener.
 */
final class ActionRunner {
    /** Logs as CarpHost, as it did before this was split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(CarpHost.class);

    /** The actions of one step, to be carried out in the order above; protocol thread only. */
    private final List<Action> later = new ArrayList<>();
    private final CarpEngine engine;
    private final CarpdevSet carpdevs;
    private final AddressKeeper addresses;
    private final VirtualLinks links;
    private final Balancer balancer;
    private final RawSocketSender unicast;
    private final HostListener listener;
    private final Announcements announcements;

    ActionRunner(CarpEngine engine, CarpdevSet carpdevs, AddressKeeper addresses, VirtualLinks links,
                 Balancer balancer, RawSocketSender unicast, HostListener listener, Announcements announcements) {
        this.engine = engine;
        this.carpdevs = carpdevs;
        this.addresses = addresses;
        this.links = links;
        this.balancer = balancer;
        this.unicast = unicast;
        this.listener = listener;
        this.announcements = announcements;
    }

    /**
     * Carries out what the engine asked for in this order: added addresses, advertisements, what
     * else changes the traffic (removed addresses, announcements, balancing), then what only tells
     * (the state log line, hooks, watchers, notices). A new master's first advertisement, sent
     * from the virtual MAC, moves the switches' forwarding to it, so its addresses must be there
     * already (adding them takes about a millisecond once the path is warm, see
     * {@link TakeoverWarmup}); the gratuitous ARP and the advertisements never wait for a log line
     * or a hook.
     */
    void carryOutActions() {
        announcements.sendDue(System.nanoTime());
        Action action;
        while ((action = engine.poll()) != null) {
            later.add(action);
        }
        List<Action> batch = List.copyOf(later);
        later.clear();
        for (Action a : batch) {
            if (a instanceof Action.AddAddresses) {
                carryOutSafely(a);
            }
        }
        for (Action a : batch) {
            if (a instanceof Action.Transmit t) {
                transmit(t);
            }
        }
        for (Action a : batch) {
            if (!(a instanceof Action.AddAddresses || a instanceof Action.Transmit || onlyTells(a))) {
                carryOutSafely(a);
            }
        }
        for (Action a : batch) {
            if (onlyTells(a)) {
                carryOutSafely(a);
            }
        }
        // onSendResult may have asked for more (send failures, demotion).
        while ((action = engine.poll()) != null) {
            if (action instanceof Action.Transmit t) {
                transmit(t);
            } else {
                carryOutSafely(action);
            }
        }
    }

    private static boolean onlyTells(Action a) {
        return a instanceof Action.StateChanged || a instanceof Action.PacketDropped
                || a instanceof Action.DemotionChanged || a instanceof Action.PeerNotice;
    }

    /** One failing action (a listener bug, say) must not hold back the ones after it. */
    private void carryOutSafely(Action action) {
        try {
            carryOut(action);
        } catch (RuntimeException e) {
            LOG.error("carrying out {} failed", action.getClass().getSimpleName(), e);
        }
    }

    private void carryOut(Action action) {
        if (action instanceof Action.AddAddresses a) {
            changeAddresses(a.carpdev(), a.carpInterface(), a.addresses(), true);
        } else if (action instanceof Action.RemoveAddresses r) {
            announcements.forget(r);
            changeAddresses(r.carpdev(), r.carpInterface(), r.addresses(), false);
        } else if (action instanceof Action.Announce a) {
            announcements.announce(System.nanoTime(), a);
        } else if (action instanceof Action.StateChanged s) {
            listener.stateChanged(s, engine.config());
        } else if (action instanceof Action.PacketDropped d) {
            listener.packetDropped(d);
        } else if (action instanceof Action.DemotionChanged d) {
            listener.demotionChanged(d);
        } else if (action instanceof Action.PeerNotice n) {
            listener.peerNotice(n);
        } else if (action instanceof Action.BalancingChanged b) {
            balancer.changed(b, carpdevs.get(b.carpdev()));
            listener.balancingChanged(b);
        }
    }

    private void transmit(Action.Transmit t) {
        Carpdev dev = carpdevs.get(t.carpdev());
        boolean ok = false;
        if (t.frame().length == 0) {
            listener.ioFailed(t.carpInterface(), "no usable IPv6 " + (t.peer() == null || t.peer().isLinkLocalAddress()
                    ? "link-local address" : "address of global scope") + " on " + t.carpdev()
                    + ": IPv6 advertisement not sent" + (t.peer() == null ? "" : " to " + t.peer().getHostAddress()));
        } else if (dev != null) {
            try {
                if (t.peer() != null) {
                    unicast.send(t.frame(), t.peer(), dev.ifindex);
                } else {
                    dev.send(t.frame());
                }
                ok = true;
            } catch (IOException e) {
                listener.ioFailed(t.carpInterface(), e.getMessage());
            }
        }
        engine.onSendResult(System.nanoTime(), t, ok);
    }

    private void changeAddresses(String carpdev, String carpInterface, List<VirtualAddress> list, boolean add) {
        links.changeAddresses(addresses, carpdev, carpdevs.ifindexOf(carpdev),
                engine.config().find(carpInterface).orElse(null), carpInterface, list, add);
    }

    /** When a waiting announcement is due at the latest ({@link Announcements#due}). */
    long announcementsDue(long now) {
        return announcements.due(now);
    }
}
