package org.carpd.net.netlink;

/** Receives link (and, if subscribed, address) events from {@link LinkEventSubscriber#startDelivering}, on the delivery thread. */
public interface LinkEventListener {
    void onLinkEvent(LinkEvent event);

    /** An address changed; only from a subscriber opened with {@link LinkEventSubscriber#openWithAddresses()}. */
    default void onAddressEvent(AddressEvent event) {
    }

    /** The kernel dropped events (socket buffer overrun); re-read the links (and addresses) to resynchronise. */
    default void onEventsLost() {
    }

    /** Receiving failed; delivery stops after this call. */
    default void onError(NetlinkException error) {
    }
}
