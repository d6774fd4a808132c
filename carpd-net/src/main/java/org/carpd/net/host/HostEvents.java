package org.carpd.net.host;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.carpd.net.netlink.AddressEvent;
import org.carpd.net.netlink.LinkEvent;
import org.carpd.net.netlink.LinkEventListener;
import org.carpd.net.netlink.NetlinkException;

/** Netlink link and address events, on the netlink thread: handed to the protocol thread's queue. */
final class HostEvents implements LinkEventListener {
    private final Consumer<Runnable> protocolThread;
    private final CarpdevSet carpdevs;
    private final AddressKeeper addresses;
    private final AddressWatch addressWatch;
    private final Supplier<Set<String>> wantedCarpdevs;
    private final HostListener listener;

    HostEvents(Consumer<Runnable> protocolThread, CarpdevSet carpdevs, AddressKeeper addresses,
               AddressWatch addressWatch, Supplier<Set<String>> wantedCarpdevs, HostListener listener) {
        this.protocolThread = protocolThread;
        this.carpdevs = carpdevs;
        this.addresses = addresses;
        this.addressWatch = addressWatch;
        this.wantedCarpdevs = wantedCarpdevs;
        this.listener = listener;
    }

    @Override
    public void onLinkEvent(LinkEvent event) {
        protocolThread.accept(() -> {
            if (event.removed()) {
                addresses.interfaceGone(event.ifindex());
            }
            carpdevs.onLinkEvent(System.nanoTime(), event, wantedCarpdevs.get());
        });
    }

    @Override
    public void onAddressEvent(AddressEvent event) {
        protocolThread.accept(() -> addressWatch.changed(System.nanoTime(), event));
    }

    @Override
    public void onEventsLost() {
        protocolThread.accept(() -> {
            long now = System.nanoTime();
            addresses.forgetUnconfirmed();
            carpdevs.all().forEach(d -> carpdevs.refresh(now, d));
            carpdevs.all().forEach(d -> addressWatch.restoreMissing(now, d, null));
        });
    }

    @Override
    public void onError(NetlinkException error) {
        listener.ioFailed(null, "link and address events stopped: " + error.getMessage());
    }
}
