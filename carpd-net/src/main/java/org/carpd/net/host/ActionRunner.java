package org.carpd.net.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.net.raw.RawSocketSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the engine's actions for {@link CarpHost}, on the protocol thread: sends
 * advertisements (pcap or unicast), changes and announces virtual addresses, drives the
 * balancer and tells the listener.
 */
final class ActionRunner {
    /** Logs as CarpHost, as it did before this was split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(CarpHost.class);

    /** How long an IPv6 address's announcement waits for the kernel to make the address usable. */
    static final long ANNOUNCE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    /** An announcement of IPv6 addresses the kernel has not made usable yet, sent at {@code deadline} at the latest. */
    private record Deferred(Action.Announce announce, long deadline) {
    }

    /** The actions of one step, to be carried out in the order above; protocol thread only. */
    private final List<Action> later = new ArrayList<>();
    private final List<Deferred> deferred = new ArrayList<>();
    private final CarpEngine engine;
    private final CarpdevSet carpdevs;
    private final AddressKeeper addresses;
    private final VirtualLinks links;
    private final Balancer balancer;
    private final RawSocketSender unicast;
    private final HostListener listener;

    ActionRunner(CarpEngine engine, CarpdevSet carpdevs, AddressKeeper addresses, VirtualLinks links,
                 Balancer balancer, RawSocketSender unicast, HostListener listener) {
        this.engine = engine;
        this.carpdevs = carpdevs;
        this.addresses = addresses;
        this.links = links;
        this.balancer = balancer;
        this.unicast = unicast;
        this.listener = listener;
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
        if (!deferred.isEmpty()) {
            announceDeferred(System.nanoTime());
        }
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
            forgetDeferred(r);
            changeAddresses(r.carpdev(), r.carpInterface(), r.addresses(), false);
        } else if (action instanceof Action.Announce a) {
            announce(a);
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

    /**
     * Announces {@code a}'s addresses, except IPv6 ones the kernel has not made usable yet
     * ({@link AddressKeeper#awaitingKernel}): announced now, they would draw the neighbours'
     * packets to an address that drops them (a planned handover lost a probe so). Those wait for
     * the kernel's report, or {@link #ANNOUNCE_WAIT_NANOS} at most.
     */
    private void announce(Action.Announce a) {
        List<VirtualAddress> waiting = new ArrayList<>();
        List<VirtualAddress> ready = new ArrayList<>();
        for (VirtualAddress v : a.addresses()) {
            (addresses.awaitingKernel(v.address()) ? waiting : ready).add(v);
        }
        if (!waiting.isEmpty()) {
            deferred.add(new Deferred(new Action.Announce(a.carpdev(), a.carpInterface(), waiting),
                    System.nanoTime() + ANNOUNCE_WAIT_NANOS));
        }
        if (!ready.isEmpty()) {
            announceNow(waiting.isEmpty() ? a : new Action.Announce(a.carpdev(), a.carpInterface(), ready));
        }
    }

    /** When the next deferred announcement is due at the latest; {@code now + 1 s} without one. */
    long deferredAnnouncementDue(long now) {
        long due = now + TimeUnit.SECONDS.toNanos(1);
        for (Deferred d : deferred) {
            if (d.deadline() - due < 0) {
                due = d.deadline();
            }
        }
        return due;
    }

    /** Sends the deferred announcements whose addresses the kernel has reported, or whose wait is over. */
    private void announceDeferred(long now) {
        for (Iterator<Deferred> it = deferred.iterator(); it.hasNext(); ) {
            Deferred d = it.next();
            boolean reported = d.announce().addresses().stream().noneMatch(v -> addresses.awaitingKernel(v.address()));
            if (reported || now - d.deadline() >= 0) {
                it.remove();
                if (!reported) {
                    LOG.debug("{}: no report of {} from the kernel after {} ms; announced anyway", d.announce().carpInterface(),
                            d.announce().addresses(), TimeUnit.NANOSECONDS.toMillis(ANNOUNCE_WAIT_NANOS));
                }
                announceNow(d.announce());
            }
        }
    }

    /** Addresses that go are no longer announced. */
    private void forgetDeferred(Action.RemoveAddresses r) {
        List<Deferred> kept = new ArrayList<>();
        for (Deferred d : deferred) {
            List<VirtualAddress> left = new ArrayList<>(d.announce().addresses());
            if (d.announce().carpInterface().equals(r.carpInterface())) {
                left.removeAll(r.addresses());
            }
            if (!left.isEmpty()) {
                kept.add(new Deferred(new Action.Announce(d.announce().carpdev(), d.announce().carpInterface(), left),
                        d.deadline()));
            }
        }
        deferred.clear();
        deferred.addAll(kept);
    }

    private void announceNow(Action.Announce a) {
        Carpdev dev = carpdevs.get(a.carpdev());
        if (dev == null) {
            return;
        }
        CarpInterfaceConfig c = engine.config().find(a.carpInterface()).orElse(null);
        if (c != null && c.balancing().balanced()) {
            Balancer.announce(dev, a, c.balancing(), listener);
            return;
        }
        AddressWatch.announce(dev, a.carpInterface(), a.addresses(), listener, VirtualLinks.macOf(engine.config(), a.carpInterface()));
    }
}
