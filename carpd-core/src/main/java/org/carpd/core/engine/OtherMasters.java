package org.carpd.core.engine;

import java.net.InetAddress;

/**
 * The other masters one vhid keeps in mind: as BACKUP, the master it follows (the master-down
 * deadline it set, its rank and demotion); as MASTER, the less preferred master it last answered.
 */
final class OtherMasters {
    /** The least time between two answers to a less preferred master. */
    private static final long REANSWER_MIN = Interval.SECOND / 4;

    /** The last master we followed, the master-down deadline it set, its rank and demotion. */
    private InetAddress followed;
    private long followedUntil = VirtualHost.NEVER;
    private int followedRank;
    private int followedDemote;
    /** When we last answered a less preferred master (re-announce and advertise), or NEVER. */
    private long answeredAt = VirtualHost.NEVER;
    private InetAddress answered;

    /** As BACKUP we follow {@code sender}: its advertisement set our master-down deadline {@code until}. */
    void follow(InetAddress sender, long until, int rank, int demote) {
        followed = sender;
        followedUntil = until;
        followedRank = rank;
        followedDemote = demote;
    }

    boolean isFollowed(InetAddress sender) {
        return sender.equals(followed);
    }

    /**
     * True while the master whose advertisements keep our timer running is preferred to us. It
     * is known by its source in the family that counts (a dual-stack master sends two); its own
     * slower advertisement (its advskew went up) is not another master, so we preempt on it.
     */
    boolean followingBetterMaster(long now, long masterDownAt, int ours, int ourDemote) {
        return followedUntil == masterDownAt && masterDownAt > now
                && (followedDemote < ourDemote || followedDemote == ourDemote && followedRank <= ours);
    }

    /**
     * Whether to answer the less preferred master {@code sender} now, and if so notes it: the same
     * master at most once per {@code interval} or quarter second, whichever is shorter; another one at once.
     */
    boolean answerNow(long now, InetAddress sender, long interval) {
        if (sender.equals(answered) && now - answeredAt < Math.min(interval, REANSWER_MIN)) {
            return false;
        }
        answered = sender;
        answeredAt = now;
        return true;
    }

    /** We left MASTER: the next less preferred master is answered at once. */
    void forgetAnswered() {
        answered = null;
        answeredAt = VirtualHost.NEVER;
    }
}
