package org.carpd.core.engine;

/**
 * The virtual addresses a vhid keeps for a moment after a planned handover (it bowed out on a
 * stop or {@code state backup}, or stepped down for a preferred master), so that it still
 * answers for them until the new master holds them and has announced them. The new master adds
 * the addresses, sends its first advertisement and then its announcements (on Linux an IPv6
 * address's only once the kernel has made it usable, a few milliseconds), its second
 * advertisement an interval later; so the hold ends on the second advertisement heard from a
 * master, or {@link #SETTLE} after the first, or at a bound set when the hold starts (no new
 * master came).
 */
final class AddressHold {
    /** The longest hold: with no peer a stop must still be quick. */
    static final long MAX = Interval.SECOND;
    /** How long after the new master's first advertisement it may take to add and announce the addresses. */
    static final long SETTLE = Interval.SECOND / 20;

    private Action.RemoveAddresses pending;
    private long releaseAt = VirtualHost.NEVER;
    private int heard;

    /** Holds {@code removal} until {@code bound} at the latest. */
    void start(Action.RemoveAddresses removal, long bound) {
        pending = removal;
        releaseAt = bound;
        heard = 0;
    }

    boolean active() {
        return pending != null;
    }

    /** When the addresses go at the latest; {@link VirtualHost#NEVER} without a hold. */
    long releaseAt() {
        return releaseAt;
    }

    /**
     * An advertisement of a master (not a bow-out) was heard.
     *
     * @return true if the hold should end now (the second one)
     */
    boolean heard(long now) {
        if (++heard >= 2) {
            return true;
        }
        releaseAt = Math.min(releaseAt, now + SETTLE);
        return false;
    }

    /** Ends the hold; returns the removal to carry out now. */
    Action.RemoveAddresses take() {
        Action.RemoveAddresses r = pending;
        pending = null;
        releaseAt = VirtualHost.NEVER;
        heard = 0;
        return r;
    }
}
