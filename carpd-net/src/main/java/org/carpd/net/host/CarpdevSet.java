package org.carpd.net.host;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.InterfaceAddress;
import org.carpd.net.netlink.LinkEvent;
import org.carpd.net.netlink.LinkInfo;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.carpd.net.frame.FrameHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carpdevs the configuration names, opened or waiting to be: a carpdev that is deleted, renamed
 * away or whose capture dies is closed and reported down (its vhids go to INIT and demote); it is
 * opened again (new ifindex, new capture, multicast groups joined again) when a link event shows
 * an interface of that name up, or on the periodic retry. Protocol thread only.
 */
final class CarpdevSet {
    private static final Logger LOG = LoggerFactory.getLogger(CarpdevSet.class);
    static final long FIRST_PAUSE_NANOS = 5_000_000_000L;
    static final long MAX_PAUSE_NANOS = 80_000_000_000L;
    /** Open this long, a carpdev counts as working again: its next loss starts the pauses over. */
    static final long STABLE_NANOS = 60_000_000_000L;

    /** How the engine hears about a carpdev. */
    interface Reporter {
        void carpdevChanged(long now, String carpdev, CarpdevInfo info);
    }

    private final RouteNetlink netlink;
    private final HostListener listener;
    private final Function<String, FrameHandler> receivers;
    private final Reporter reporter;
    private final Supplier<Set<InetAddress>> virtualAddresses;
    private final Map<String, Carpdev> open = new HashMap<>();
    /** What the engine was last told per carpdev, to report it down with the same MAC. */
    private final Map<String, CarpdevInfo> lastInfo = new HashMap<>();
    /** The ifindex each carpdev had when last open: a removal after it closed still goes there. */
    private final Map<String, Integer> lastIndex = new HashMap<>();
    /** When each carpdev was last opened, and when the periodic retry may next open it. */
    private final Map<String, Long> openedAt = new HashMap<>();
    private final Map<String, Long> retryNotBefore = new HashMap<>();
    /** The pause before the periodic retry reopens a carpdev lost soon after opening, per carpdev. */
    private final Map<String, Long> backoff = new HashMap<>();

    CarpdevSet(RouteNetlink netlink, HostListener listener, Function<String, FrameHandler> receivers,
               Reporter reporter, Supplier<Set<InetAddress>> virtualAddresses) {
        this.netlink = netlink;
        this.listener = listener;
        this.receivers = receivers;
        this.reporter = reporter;
        this.virtualAddresses = virtualAddresses;
    }

    Carpdev get(String name) {
        return open.get(name);
    }

    /** The open carpdev with this ifindex, or null. */
    Carpdev byIndex(int ifindex) {
        for (Carpdev d : open.values()) {
            if (d.ifindex == ifindex) {
                return d;
            }
        }
        return null;
    }

    /** Where carpd's addresses of this carpdev are (or were, if it closed since); null if never open. */
    Integer ifindexOf(String name) {
        Carpdev d = open.get(name);
        return d != null ? Integer.valueOf(d.ifindex) : lastIndex.get(name);
    }

    Collection<Carpdev> all() {
        return List.copyOf(open.values());
    }

    /**
     * Opens {@code name} unless it is open; reports failures unless {@code quietIfMissing} and there
     * is no such interface. Returns whether it is open now.
     */
    boolean open(long now, String name, String carpInterface, boolean quietIfMissing) {
        if (open.containsKey(name)) {
            return true;
        }
        try {
            Carpdev dev = Carpdev.open(netlink, name, receivers.apply(name));
            open.put(name, dev);
            lastIndex.put(name, dev.ifindex);
            openedAt.put(name, now);
            removeStaleAddresses(dev);
            refresh(now, dev);
            return open.containsKey(name);
        } catch (NetlinkException e) {
            if (!(quietIfMissing && e.errno() == Errno.ENODEV)) {
                listener.ioFailed(carpInterface, "cannot open carpdev " + name + ": " + e.getMessage());
            }
        } catch (IOException e) {
            listener.ioFailed(carpInterface, "cannot open carpdev " + name + ": " + e.getMessage());
        }
        return false;
    }

    /**
     * A carpdev that was not open has no vhid in MASTER, so every carpd address on it was left
     * behind: by a crashed carpd, or by a removal that failed before the carpdev was lost.
     */
    private void removeStaleAddresses(Carpdev dev) {
        try {
            for (InterfaceAddress a : netlink.removeStaleAddresses(List.of(dev.ifindex))) {
                LOG.info("removed stale virtual address {} from {}, left by an earlier carpd",
                        a.address().getHostAddress(), dev.name);
            }
        } catch (NetlinkException e) {
            listener.ioFailed(null, "cannot remove stale addresses from " + dev.name + ": " + e.getMessage());
        }
    }

    /** Tells the engine what {@code dev} looks like now; a carpdev that vanished is closed and reported down. */
    void refresh(long now, Carpdev dev) {
        try {
            CarpdevInfo info = dev.info(netlink, virtualAddresses.get());
            lastInfo.put(dev.name, info);
            reporter.carpdevChanged(now, dev.name, info);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                lose(now, dev, "it no longer exists");
            } else {
                listener.ioFailed(null, "cannot read " + dev.name + ": " + e.getMessage());
            }
        }
    }

    /**
     * How long the periodic retry waits before reopening a carpdev that was open for
     * {@code openNanos}; {@code previous} is the pause after its last loss, or null.
     */
    static long retryPause(long openNanos, Long previous) {
        if (openNanos >= STABLE_NANOS || previous == null) {
            return FIRST_PAUSE_NANOS;
        }
        return Math.min(2 * previous, MAX_PAUSE_NANOS);
    }

    /** Closes {@code dev} and reports it down; it is opened again when it comes back. */
    void lose(long now, Carpdev dev, String why) {
        if (open.get(dev.name) != dev) {
            return;
        }
        open.remove(dev.name);
        // A carpdev that keeps failing (a capture dying again soon after each opening) must not
        // flap its vhids every few seconds: the periodic retry waits 5 s, 10 s, ... up to 80 s.
        long pause = retryPause(now - openedAt.getOrDefault(dev.name, now), backoff.get(dev.name));
        backoff.put(dev.name, pause);
        retryNotBefore.put(dev.name, now + pause);
        LOG.warn("carpdev {} (ifindex {}) lost: {}; its vhids stay in INIT until it is back", dev.name, dev.ifindex, why);
        CarpdevInfo last = lastInfo.get(dev.name);
        if (last != null) {
            CarpdevInfo down = last.withUp(false);
            lastInfo.put(dev.name, down);
            reporter.carpdevChanged(now, dev.name, down);
        }
        dev.close();
    }

    /** A link event: follows deletion, renaming and re-creation of the carpdevs in {@code wanted}. */
    void onLinkEvent(long now, LinkEvent event, Set<String> wanted) {
        Carpdev byIndex = byIndex(event.ifindex());
        if (byIndex != null && (event.removed() || !byIndex.name.equals(event.ifname()))) {
            lose(now, byIndex, event.removed() ? "the interface was deleted" : "renamed to " + event.ifname());
        }
        if (event.removed()) {
            return;
        }
        Carpdev dev = open.get(event.ifname());
        if (dev != null && dev.ifindex != event.ifindex()) {
            // A new interface took the name while the old one is still open (its deletion was missed).
            lose(now, dev, "replaced by ifindex " + event.ifindex());
            dev = null;
        }
        if (dev != null) {
            refresh(now, dev);
        } else if (wanted.contains(event.ifname()) && event.up()) {
            if (open(now, event.ifname(), null, false)) {
                LOG.warn("carpdev {} is back (ifindex {}); capturing again", event.ifname(), event.ifindex());
            }
        }
    }

    /** Opens the carpdevs of {@code wanted} that are not open and exist and are up; silent if missing. */
    void retryMissing(long now, Set<String> wanted) {
        for (String name : wanted) {
            if (open.containsKey(name) || now - retryNotBefore.getOrDefault(name, now) < 0) {
                continue;
            }
            try {
                LinkInfo link = netlink.link(name);
                if (link.up() && open(now, name, null, true)) {
                    LOG.warn("carpdev {} is back (ifindex {}); capturing again", name, link.index());
                }
            } catch (NetlinkException e) {
                if (e.errno() != Errno.ENODEV) {
                    listener.ioFailed(null, "cannot read " + name + ": " + e.getMessage());
                }
            }
        }
    }

    /** Closes the carpdevs no longer named by the configuration. */
    void retain(Set<String> used) {
        open.keySet().removeIf(name -> {
            if (!used.contains(name)) {
                open.get(name).close();
                return true;
            }
            return false;
        });
        lastInfo.keySet().retainAll(used);
        lastIndex.keySet().retainAll(used);
        openedAt.keySet().retainAll(used);
        retryNotBefore.keySet().retainAll(used);
        backoff.keySet().retainAll(used);
    }

    void closeAll() {
        open.values().forEach(Carpdev::close);
    }
}
