package org.carpd.net.netlink;

/** Receives link events from {@link LinkEventSubscriber#startDelivering}, on the delivery thread. */
public interface LinkEventListener {
    void onLinkEvent(LinkEvent event);

    /** The kernel dropped events (socket buffer overrun); re-read the links to resynchronise. */
    default void onEventsLost() {
    }

    /** Receiving failed; delivery stops after this call. */
    default void onError(NetlinkException error) {
    }
}
