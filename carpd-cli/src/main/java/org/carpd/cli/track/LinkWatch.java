package org.carpd.cli.track;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.LinkEvent;
import org.carpd.net.netlink.LinkEventListener;
import org.carpd.net.netlink.LinkEventSubscriber;
import org.carpd.net.netlink.LinkInfo;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds interface trackers: netlink link events on a thread of its own ({@code carpd-track-netlink},
 * not the protocol thread's subscription), a reading when a tracker is added, and a re-reading of
 * every tracked link on {@link #refreshAll()} (periodic, and after the kernel dropped events). Any
 * interface can be tracked, also one that does not exist yet: it fails until a link of that name
 * appears. A link renamed away counts as gone under its old name.
 */
final class LinkWatch implements AutoCloseable, LinkEventListener {
    private static final Logger LOG = LoggerFactory.getLogger(LinkWatch.class);

    /** Reads links by name (netlink in the daemon). */
    interface Reader {
        CarrierTracker.Link read(String name) throws IOException;
    }

    private final Reader reader;
    private final boolean subscribe;
    private final Map<String, List<CarrierTracker>> byDevice = new ConcurrentHashMap<>();
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private LinkEventSubscriber subscriber;

    LinkWatch(Reader reader, boolean subscribe) {
        this.reader = reader;
        this.subscribe = subscribe;
    }

    static LinkWatch netlink() {
        return new LinkWatch(LinkWatch::readNetlink, true);
    }

    private static CarrierTracker.Link readNetlink(String name) throws IOException {
        try (RouteNetlink netlink = RouteNetlink.open()) {
            LinkInfo l = netlink.link(name);
            return new CarrierTracker.Link(true, l.up(), l.running());
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return CarrierTracker.Link.MISSING;
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    synchronized void add(CarrierTracker t) {
        if (subscribe && subscriber == null) {
            try {
                subscriber = LinkEventSubscriber.open();
                subscriber.startDelivering(this, "carpd-track-netlink");
            } catch (NetlinkException e) {
                LOG.warn("interface trackers: no link events ({}); reading the links every 5 s instead", e.getMessage());
            }
        }
        byDevice.computeIfAbsent(t.device(), d -> new CopyOnWriteArrayList<>()).add(t);
        t.attach(this);
        refresh(t.device());
    }

    void remove(CarrierTracker t) {
        List<CarrierTracker> list = byDevice.get(t.device());
        if (list != null) {
            list.remove(t);
        }
    }

    /** Reads every tracked link again. */
    void refreshAll() {
        for (String device : new ArrayList<>(byDevice.keySet())) {
            refresh(device);
        }
    }

    private void refresh(String device) {
        List<CarrierTracker> list = byDevice.get(device);
        if (list == null || list.isEmpty()) {
            return;
        }
        try {
            feed(device, reader.read(device));
        } catch (IOException e) {
            LOG.warn("interface trackers: cannot read link {}: {}", device, e.getMessage());
        }
    }

    private void feed(String device, CarrierTracker.Link link) {
        Collection<CarrierTracker> list = byDevice.get(device);
        if (list != null) {
            list.forEach(t -> t.link(link));
        }
    }

    @Override
    public void onLinkEvent(LinkEvent e) {
        String name = e.ifname();
        String old = e.removed() ? names.remove(e.ifindex()) : names.put(e.ifindex(), name);
        if (old != null && !old.equals(name)) {
            feed(old, CarrierTracker.Link.MISSING);
        }
        feed(name, e.removed() ? CarrierTracker.Link.MISSING : new CarrierTracker.Link(true, e.up(), e.running()));
    }

    @Override
    public void onEventsLost() {
        refreshAll();
    }

    @Override
    public void onError(NetlinkException error) {
        LOG.warn("interface trackers: link events stopped ({}); reading the links every 5 s", error.getMessage());
    }

    @Override
    public synchronized void close() {
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }
}
