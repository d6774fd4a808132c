package org.carpd.core.engine;

/**
 * The virtual addresses a vhid keeps for a moment after a planned handover (it bowed out on a
 * stop or {@code state backup}, or stepped down for a preferred master), so that it still
 * answers for them until the new master holds them and has announced them. The new master adds
 * the addresses, sends its first advertisement and then its announcements (on Linux an IPv6
 * address's only once the kernel has made it usable, up to {@link Interval#ANNOUNCE_WAIT} later).
 * So the hold ends {@link #SETTLE} after the new master's first advertisement is heard, or, if
 * none is, at a bound set when the hold starts. Its second advertisement does not end the hold:
 * at advbase 0 it comes a few ms after the first, possibly before the announcements.
 */
final class AddressHold {
    /** The longest hold: with no peer a stop must still be quick. */
    static final long MAX = Interval.SECOND;
    /** How long after the new master's first advertisement it may take to add and announce the addresses. */
    static final long SETTLE = Interval.SECOND / 20;

    private Action.RemoveAddresses pending;
    private long releaseAt = VirtualHost.NEVER;
    private boolean heard;

    /** Holds {@code removal} until {@code bound} at the latest, unless a new master is heard. */
    void start(Action.RemoveAddresses removal, long bound) {
        pending = removal;
        releaseAt = bound;
        heard = false;
    }

    boolean active() {
        return pending != null;
    }

    /** When the addresses go; {@link VirtualHost#NEVER} without a hold. */
    long releaseAt() {
        return releaseAt;
    }

    /**
     * An advertisement of a master (not a bow-out) was heard. The first sets the release to
     * {@link #SETTLE} later, also past a shorter bound (a master-down interval at advbase 0).
     */
    void heard(long now) {
        if (!heard) {
            heard = true;
            releaseAt = now + SETTLE;
        }
    }

    /** Ends the hold; returns the removal to carry out now. */
    Action.RemoveAddresses take() {
        Action.RemoveAddresses r = pending;
        pending = null;
        releaseAt = VirtualHost.NEVER;
        heard = false;
        return r;
    }
}
