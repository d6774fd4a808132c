package org.carpd.core.engine;

import java.net.InetAddress;
import org.carpd.core.wire.Advertisement;

/**
 * How one vhid answers another host's authenticated advertisement ({@code carp_input_c}): a
 * MASTER steps down for a preferred master or answers a less preferred one; a BACKUP follows its
 * master, or takes over on a bow-out (after a wait by rank), by preemption, or from a demoted or
 * too slow master.
 */
final class AdvertisementInput {
    /** A backup's wait after a bow-out, per advskew step of its rank (see bowOutHeard). */
    private static final long BOW_OUT_WAIT_STEP = Interval.SKEW_STEP / 16;

    private final VirtualHost vh;
    private final VhostEnvironment env;
    private final OtherMasters others = new OtherMasters();

    AdvertisementInput(VirtualHost vh, VhostEnvironment env) {
        this.vh = vh;
        this.env = env;
    }

    /** We left MASTER: forget the master we last answered. */
    void leftMaster() {
        others.forgetAnswered();
    }

    /** An authenticated advertisement for our vhid from another host. */
    void input(long now, Advertisement ad, InetAddress sender) {
        int ours = Interval.rank(vh.config().advbase(), vh.wireAdvskew());
        int theirs = Interval.rank(ad.advbase(), ad.advskew());
        int ourDemote = vh.wireDemote();
        // A dual-stack master advertises once per family: count one family's advertisements.
        boolean counted = (sender.getAddress().length == 16) != vh.hasIpv4();
        MasterAddresses addresses = vh.addresses();
        if (addresses.held() && counted && !ad.isBowOut()) {
            addresses.heard(now);
        }
        switch (vh.state()) {
            case INIT -> {
                // Not participating.
            }
            case MASTER -> {
                if (ad.isBowOut()) {
                    return;
                }
                if (Preference.yields(ourDemote, ours, ad.demote(), theirs,
                        () -> Preference.winsTie(sender, vh.hasIpv4(), () -> env.localSource(vh, sender)))) {
                    // One last advertisement as we step down (ucarp does the same): if the winner
                    // has not heard us, it now hears a lesser master and re-announces, so the
                    // neighbours that followed us (after a partition, say) go back to it.
                    env.transmit(now, vh, vh.config().advbase(), vh.wireAdvskew(), vh.wireDemote());
                    vh.setState(now, CarpState.BACKUP, TransitionReason.PREFERRED_MASTER, true);
                    if (counted) {
                        addresses.heard(now); // its first advertisement: it may not hold the addresses yet
                    }
                    vh.setRun(now);
                } else if (counted) {
                    // Answered once per advertisement: a dual-stack master sends one per family.
                    answerLesserMaster(now, sender);
                }
            }
            case BACKUP -> {
                if (ad.isBowOut()) {
                    bowOutHeard(now);
                } else if (env.preempt() && ours < theirs && ad.demote() >= ourDemote) {
                    if (others.followingBetterMaster(now, vh.masterDownAt(), ours, ourDemote)
                            && !(counted && others.isFollowed(sender))) {
                        // The master we follow beats this one and answers it (after a partition,
                        // say): preempting now would only add a third master for an interval.
                        // Its timer is not restarted: if our master has gone, we still take over.
                        return;
                    }
                    vh.masterDown(now, TransitionReason.PREEMPT);
                } else if (ad.demote() > ourDemote) {
                    vh.masterDown(now, TransitionReason.MASTER_DEMOTED);
                } else if (ad.demote() == ourDemote && Interval.of(ad.advbase(), ad.advskew())
                        > Preference.guaranteedTimeout(vh.config().advbase(), vh.wireAdvskew(), vh.interval())) {
                    // Only when equally demoted: a less demoted master wins however slowly it
                    // advertises (as it would against us as MASTER); taking over from it would flap.
                    vh.masterDown(now, TransitionReason.MASTER_TOO_SLOW);
                } else {
                    long masterDownAt = vh.masterHeard(now);
                    if (counted) {
                        others.follow(sender, masterDownAt, theirs, ad.demote());
                    }
                }
            }
        }
    }

    /**
     * A master that hears a less preferred master stays MASTER and answers it: it advertises and
     * announces its addresses again, and repeats the announcement as after a takeover (ucarp
     * announces once), so that the other one steps down at once
     * and the neighbours that followed the other one come back. The same master is answered at
     * most once per interval or quarter second, whichever is shorter; another one at once.
     */
    private void answerLesserMaster(long now, InetAddress sender) {
        if (!others.answerNow(now, sender, vh.interval())) {
            return;
        }
        env.transmit(now, vh, vh.config().advbase(), vh.wireAdvskew(), vh.wireDemote()); // extra: the schedule stays
        // Announce now and again later, as on becoming MASTER: the other master's own
        // announcement may still be on its way (it sends after adding its addresses) and land last.
        vh.announcements().begin(now);
    }

    /**
     * The master bowed out. Only the most preferred backup should take over, or a less preferred
     * one becomes MASTER for a moment and its gratuitous ARP, arriving last, misleads the
     * neighbours. So each backup first waits in proportion to its rank, as VRRP's skew time but
     * sixteen times shorter, so that a planned handover stays fast: 1/4096 s per advskew step
     * and 1/16 s per demotion, never longer than its master-down interval. The best backup
     * (advskew 0, not demoted) takes over at once; the others hear its first advertisement before
     * their wait ends and stay BACKUP.
     */
    private void bowOutHeard(long now) {
        long rank = (long) vh.wireDemote() * 256 + vh.wireAdvskew();
        long wait = Math.min(vh.masterDownInterval(), rank * BOW_OUT_WAIT_STEP);
        if (wait == 0) {
            vh.masterDown(now, TransitionReason.BOW_OUT);
        } else {
            vh.bowOutWait(now + wait);
        }
    }
}
