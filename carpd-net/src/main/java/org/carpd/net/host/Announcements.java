package org.carpd.net.host;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.Interval;
import org.carpd.net.frame.Announcer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gratuitous ARPs and unsolicited NAs for the virtual addresses (a new MASTER's, a restored or a
 * moved address's), carrying the carp interface's MAC, or the shared MAC of a balanced one.
 *
 * <p>An IPv6 address carpd has just added is announced only once the kernel reports it
 * ({@link AddressKeeper#awaitingKernel}), {@link Interval#ANNOUNCE_WAIT} at most: Linux inserts its local
 * route from its addrconf work queue after the netlink call has returned, and packets an earlier
 * NA draws to it are dropped (a planned handover lost a probe so). Protocol thread only.
 */
final class Announcements {
    /** Logs as CarpHost, as the announcements did before they were split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(CarpHost.class);

    /** An announcement of IPv6 addresses the kernel has not reported yet, sent at {@code deadline} at the latest. */
    private record Deferred(Action.Announce announce, long deadline) {
    }

    private final List<Deferred> deferred = new ArrayList<>();
    private final AddressKeeper addresses;
    private final Consumer<Action.Announce> sender;

    /** {@code sender} puts an announcement on the wire ({@link #onTheWire}). */
    Announcements(AddressKeeper addresses, Consumer<Action.Announce> sender) {
        this.addresses = addresses;
        this.sender = sender;
    }

    /** Announces {@code a}'s addresses now, except IPv6 ones the kernel has not reported yet: those wait. */
    void announce(long now, Action.Announce a) {
        List<VirtualAddress> waiting = new ArrayList<>();
        List<VirtualAddress> ready = new ArrayList<>();
        for (VirtualAddress v : a.addresses()) {
            (addresses.awaitingKernel(v.address()) ? waiting : ready).add(v);
        }
        if (!waiting.isEmpty()) {
            deferred.add(new Deferred(new Action.Announce(a.carpdev(), a.carpInterface(), waiting), now + Interval.ANNOUNCE_WAIT));
        }
        if (!ready.isEmpty()) {
            sender.accept(waiting.isEmpty() ? a : new Action.Announce(a.carpdev(), a.carpInterface(), ready));
        }
    }

    /** When the next waiting announcement is due at the latest; {@code now + 1 s} without one. */
    long due(long now) {
        long due = now + TimeUnit.SECONDS.toNanos(1);
        if (deferred.isEmpty()) {
            return due; // the usual case, on every turn of the loop: no iterator to allocate
        }
        for (Deferred d : deferred) {
            if (d.deadline() - due < 0) {
                due = d.deadline();
            }
        }
        return due;
    }

    /** Sends the waiting announcements whose addresses the kernel has reported, or whose wait is over. */
    void sendDue(long now) {
        if (deferred.isEmpty()) {
            return;
        }
        for (Iterator<Deferred> it = deferred.iterator(); it.hasNext(); ) {
            Deferred d = it.next();
            boolean reported = d.announce().addresses().stream().noneMatch(v -> addresses.awaitingKernel(v.address()));
            if (reported || now - d.deadline() >= 0) {
                it.remove();
                if (!reported) {
                    LOG.debug("{}: no report of {} from the kernel after {} ms; announced anyway",
                            d.announce().carpInterface(), d.announce().addresses(), TimeUnit.NANOSECONDS.toMillis(Interval.ANNOUNCE_WAIT));
                }
                sender.accept(d.announce());
            }
        }
    }

    /** Addresses that go are no longer announced. */
    void forget(Action.RemoveAddresses r) {
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

    /**
     * Sends announcements on their carpdev: gratuitous ARP or unsolicited NA per address, with the
     * carp interface's MAC, or the shared MAC of a balanced interface.
     */
    static Consumer<Action.Announce> onTheWire(CarpdevSet carpdevs, Supplier<CarpdConfig> config, HostListener listener) {
        return a -> {
            Carpdev dev = carpdevs.get(a.carpdev());
            if (dev == null) {
                return;
            }
            CarpdConfig c = config.get();
            CarpInterfaceConfig iface = c.find(a.carpInterface()).orElse(null);
            if (iface != null && iface.balancing().balanced()) {
                Balancer.announce(dev, a, iface.balancing(), listener);
                return;
            }
            Announcer announcer = dev.announcer(VirtualLinks.macOf(c, a.carpInterface()));
            for (VirtualAddress v : a.addresses()) {
                try {
                    announcer.announce(v.address());
                } catch (IOException | RuntimeException e) {
                    listener.ioFailed(a.carpInterface(), "announcing " + v + ": " + e.getMessage());
                }
            }
        };
    }
}
