package org.carpd.net.host;

import org.carpd.core.config.CarpdConfig;
import org.carpd.core.engine.Action;

/**
 * What the daemon hears from the protocol thread. Called on that thread: implementations must
 * return quickly (hand slow work such as hooks to another thread).
 */
public interface HostListener {
    /** A vhid changed state; {@code config} is the running configuration at that moment. */
    default void stateChanged(Action.StateChanged change, CarpdConfig config) {
    }

    default void packetDropped(Action.PacketDropped drop) {
    }

    default void demotionChanged(Action.DemotionChanged change) {
    }

    /** Something about a peer the operator must hear of (already rate-limited by the engine). */
    /** A load-balanced interface's buckets changed (already carried out). */
    default void balancingChanged(Action.BalancingChanged change) {
    }

    default void peerNotice(Action.PeerNotice notice) {
    }

    /** Something could not be carried out (a send, an address change); the daemon keeps running. */
    default void ioFailed(String carpInterface, String message) {
    }

    /**
     * The protocol thread died of an {@link Error} (out of memory, say) or was interrupted: no
     * more advertisements will be sent, so the daemon should exit and let its supervisor restart
     * it (the new run removes the addresses this one leaves behind). Called on the dying thread.
     */
    default void protocolThreadDied(Throwable error) {
    }
}
