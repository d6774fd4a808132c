package org.carpd.core.engine;

/**
 * A MASTER's announcements of its addresses (gratuitous ARP, unsolicited NA): one at once, then
 * {@code announce-repeat} more, each two advertisement intervals after the last.
 */
final class AnnounceSchedule {
    private final VirtualHost vh;
    private final VhostEnvironment env;
    private long announceAt = VirtualHost.NEVER;
    private int announcesLeft;

    AnnounceSchedule(VirtualHost vh, VhostEnvironment env) {
        this.vh = vh;
        this.env = env;
    }

    /** When the next announcement is due, or {@link VirtualHost#NEVER}. */
    long at() {
        return announceAt;
    }

    /** Announces now and schedules the repeats. */
    void begin(long now) {
        announcesLeft = env.announceRepeat() + 1;
        announce(now);
    }

    void announce(long now) {
        if (announcesLeft <= 0) {
            announceAt = VirtualHost.NEVER;
            return;
        }
        env.emit(new Action.Announce(vh.config().carpdev(), vh.config().name(), vh.config().addresses()));
        announcesLeft--;
        // Repeats go a couple of advertisements later, for slow layer-3 switches.
        announceAt = announcesLeft > 0 ? now + 2 * vh.interval() : VirtualHost.NEVER;
    }

    /** Nothing due for now (the repeats left are kept). */
    void unschedule() {
        announceAt = VirtualHost.NEVER;
    }

    /** No more announcements. */
    void stop() {
        announceAt = VirtualHost.NEVER;
        announcesLeft = 0;
    }
}
