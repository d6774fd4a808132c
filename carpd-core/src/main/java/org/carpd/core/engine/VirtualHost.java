package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.PeerCompat;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.CarpAuthenticator;

/**
 * The state machine of one vhid, after OpenBSD's {@code ip_carp.c}: one method per event
 * ({@link #input}, {@link #masterDown}, {@link #sendAdvertisement}, {@link #setState}) and
 * {@link #setRun} to (re)arm the timers for the current state. Owned and driven by
 * {@link CarpEngine}, which authenticates packets before they get here.
 */
final class VirtualHost {
    static final long NEVER = Long.MAX_VALUE;
    /** FreeBSD's cap on the advskew a demotion may push it to. */
    private static final int MAX_DEMOTED_ADVSKEW = 240;
    /** The least time between two answers to a less preferred master. */
    private static final long REANSWER_MIN = Interval.SECOND / 4;
    /** A backup's wait after a bow-out, per advskew step of its rank (see bowOutHeard). */
    private static final long BOW_OUT_WAIT_STEP = Interval.SKEW_STEP / 16;
    /** Consecutive failed sends in one address family before demoting, and successes before lifting it. */
    private static final int SEND_ERRORS_PER_FAMILY = 3;

    /** What a vhid needs from the engine around it. */
    interface Environment {
        /** Our demotion: the sum of this interface's groups' counters. */
        int demote(VirtualHost vh);

        boolean preempt();

        /** The node is in maintenance: no vhid may become MASTER. */
        boolean maintenance();

        int announceRepeat();

        /**
         * Our own source address on the carpdev towards {@code other} (its family, and for IPv6
         * with unicast peers its scope), or null; for tie breaks.
         */
        InetAddress localSource(VirtualHost vh, InetAddress other);

        /** Encode, sign and queue the advertisement frames. */
        void transmit(long now, VirtualHost vh, int advbase, int advskew, int demote);

        /** Adds {@code delta} to the demotion counter of each of {@code groups}. */
        void adjustDemotion(long now, List<String> groups, int delta, String why);

        void emit(Action action);
    }

    private final Environment env;
    private final ReplayGuard replay;
    private CarpInterfaceConfig config;
    private CarpAuthenticator auth;
    private boolean hasIpv4;
    private boolean hasIpv6;
    private CarpState state = CarpState.INIT;
    private boolean carpdevUp;
    /** False until the engine first reports the carpdev (a carpdev never reported counts as down). */
    private boolean carpdevKnown;
    private boolean started;
    /** True while this interface holds one demotion because its carpdev is down. */
    private boolean demotedForCarpdev;
    private boolean demotedForSendErrors;
    /** Consecutive failed and (while demoted) successful sends, per family: [0] IPv4, [1] IPv6. */
    private final int[] sendErrors = new int[2];
    private final int[] sendSuccesses = new int[2];
    private long advertiseAt = NEVER;
    private long masterDownAt = NEVER;
    private long announceAt = NEVER;
    private int announcesLeft;
    /** When we last answered a less preferred master (re-announce and advertise), or NEVER. */
    private long answeredAt = NEVER;
    private InetAddress answered;
    /** The master-down timer runs short because the master bowed out. */
    private boolean bowOutPending;
    /** The last master we followed, the master-down deadline it set, its rank and demotion. */
    private InetAddress followed;
    private long followedUntil = NEVER;
    private int followedRank;
    private int followedDemote;
    /** Addresses kept after a planned handover until the new master has them. */
    private final AddressHold hold = new AddressHold();
    /** In maintenance: said once that no master is heard, until one is heard again. */
    private boolean unservedNoticed;

    VirtualHost(Environment env, CarpInterfaceConfig config, ReplayGuard replay) {
        this.env = env;
        this.replay = replay;
        configure(config);
    }

    private void configure(CarpInterfaceConfig cfg) {
        this.config = cfg;
        List<InetAddress> ips = new ArrayList<>();
        for (VirtualAddress a : cfg.addresses()) {
            ips.add(a.address());
        }
        this.auth = new CarpAuthenticator(cfg.passphrase().bytes(), cfg.vhid(), ips);
        this.hasIpv4 = cfg.addresses().stream().anyMatch(a -> !a.ipv6());
        this.hasIpv6 = cfg.addresses().stream().anyMatch(VirtualAddress::ipv6);
    }

    // --- queries -------------------------------------------------------------------------

    CarpInterfaceConfig config() {
        return config;
    }

    CarpState state() {
        return state;
    }

    boolean carpdevUp() {
        return carpdevUp;
    }

    CarpAuthenticator authenticator() {
        return auth;
    }

    ReplayGuard replayGuard() {
        return replay;
    }

    /** Our advertisement interval, with the advskew we put on the wire. */
    long interval() {
        return Interval.of(config.advbase(), wireAdvskew());
    }

    /**
     * The advskew we advertise: while demoted, and when the demotion goes into the advskew, 240
     * (or the configured advskew if higher), as FreeBSD does (it adds 240 per demotion event,
     * capped at 240), so that FreeBSD and ucarp peers, which ignore the demote byte, see it.
     */
    int wireAdvskew() {
        if (config.compat().demoteMode() == PeerCompat.DemoteMode.OPENBSD || env.demote(this) == 0) {
            return config.advskew();
        }
        return Math.max(config.advskew(), MAX_DEMOTED_ADVSKEW);
    }

    /** The demote byte we advertise (FreeBSD's encoding sends 0 there). */
    int wireDemote() {
        return config.compat().demoteMode() == PeerCompat.DemoteMode.ADVSKEW ? 0 : env.demote(this);
    }

    private long masterDownInterval() {
        return Interval.masterDown(config.compat().masterDown(), config.advbase(), wireAdvskew());
    }

    long nextDeadline() {
        return Math.min(Math.min(Math.min(advertiseAt, masterDownAt), announceAt), hold.releaseAt());
    }

    /** True while this vhid keeps its addresses after a planned handover (see {@link AddressHold}). */
    boolean holdsAddresses() {
        return hold.active();
    }

    /** Whether advertisements go out over IPv4: the vhid has an IPv4 address. */
    boolean hasIpv4() {
        return hasIpv4;
    }

    /** Whether advertisements go out over IPv6: the vhid has an IPv6 address. */
    boolean hasIpv6() {
        return hasIpv6;
    }

    /**
     * True if this is one of our own advertisements come back, however many we sent since: our
     * source address and a counter within those we sent on this vhid (the counter alone could
     * be a peer's, adopted from us).
     */
    boolean isOwnPacket(InetAddress sender, long counter) {
        return replay.sentByUs(counter)
                && sender.equals(env.localSource(this, sender));
    }

    // --- events --------------------------------------------------------------------------

    /** An authenticated advertisement for our vhid from another host. */
    void input(long now, Advertisement ad, InetAddress sender) {
        int ours = Interval.rank(config.advbase(), wireAdvskew());
        int theirs = Interval.rank(ad.advbase(), ad.advskew());
        int ourDemote = wireDemote();
        // A dual-stack master advertises once per family: count one family's advertisements.
        boolean counted = (sender.getAddress().length == 16) != hasIpv4;
        if (hold.active() && counted && !ad.isBowOut() && hold.heard(now)) {
            releaseHeld();
        }
        switch (state) {
            case INIT -> {
                // Not participating.
            }
            case MASTER -> {
                if (ad.isBowOut()) {
                    return;
                }
                // A master that advertises more often than us and is not more demoted, or one
                // that is less demoted, wins. Equal on both counts: ucarp's tie rule.
                boolean theyWin = ad.demote() < ourDemote
                        || ad.demote() == ourDemote
                        && (theirs < ours || theirs == ours && winsTie(sender));
                if (theyWin) {
                    // One last advertisement as we step down (ucarp does the same): if the winner
                    // has not heard us, it now hears a lesser master and re-announces, so the
                    // neighbours that followed us (after a partition, say) go back to it.
                    env.transmit(now, this, config.advbase(), wireAdvskew(), wireDemote());
                    setState(now, CarpState.BACKUP, TransitionReason.PREFERRED_MASTER, true);
                    if (counted) {
                        hold.heard(now); // its first advertisement: it may not hold the addresses yet
                    }
                    setRun(now);
                } else if (counted) {
                    // Answered once per advertisement: a dual-stack master sends one per family.
                    answerLesserMaster(now, sender);
                }
            }
            case BACKUP -> {
                if (ad.isBowOut()) {
                    bowOutHeard(now);
                } else if (env.preempt() && ours < theirs && ad.demote() >= ourDemote) {
                    if (followingBetterMaster(now, ours, ourDemote) && !(counted && sender.equals(followed))) {
                        // The master we follow beats this one and answers it (after a partition,
                        // say): preempting now would only add a third master for an interval.
                        // Its timer is not restarted: if our master has gone, we still take over.
                        return;
                    }
                    masterDown(now, TransitionReason.PREEMPT);
                } else if (ad.demote() > ourDemote) {
                    masterDown(now, TransitionReason.MASTER_DEMOTED);
                } else if (ad.demote() == ourDemote && Interval.of(ad.advbase(), ad.advskew()) > guaranteedTimeout()) {
                    // Only when equally demoted: a less demoted master wins however slowly it
                    // advertises (as it would against us as MASTER); taking over from it would flap.
                    masterDown(now, TransitionReason.MASTER_TOO_SLOW);
                } else {
                    masterDownAt = now + masterDownInterval();
                    bowOutPending = false;
                    unservedNoticed = false;
                    if (counted) {
                        followed = sender;
                        followedUntil = masterDownAt;
                        followedRank = theirs;
                        followedDemote = ad.demote();
                    }
                }
            }
        }
    }

    /**
     * True while the master whose advertisements keep our timer running is preferred to us. It
     * is known by its source in the family that counts (a dual-stack master sends two); its own
     * slower advertisement (its advskew went up) is not another master, so we preempt on it.
     */
    private boolean followingBetterMaster(long now, int ours, int ourDemote) {
        return followedUntil == masterDownAt && masterDownAt > now
                && (followedDemote < ourDemote || followedDemote == ourDemote && followedRank <= ours);
    }

    /**
     * A master that hears a less preferred master stays MASTER and answers it: it advertises and
     * announces its addresses again, and repeats the announcement as after a takeover (ucarp
     * announces once), so that the other one steps down at once
     * and the neighbours that followed the other one come back. The same master is answered at
     * most once per interval or quarter second, whichever is shorter; another one at once.
     */
    private void answerLesserMaster(long now, InetAddress sender) {
        if (sender.equals(answered) && now - answeredAt < Math.min(interval(), REANSWER_MIN)) {
            return;
        }
        answered = sender;
        answeredAt = now;
        env.transmit(now, this, config.advbase(), wireAdvskew(), wireDemote()); // extra: the schedule stays
        // Announce now and again later, as on becoming MASTER: the other master's own
        // announcement may still be on its way (it sends after adding its addresses) and land last.
        announcesLeft = env.announceRepeat() + 1;
        announce(now);
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
        long rank = (long) wireDemote() * 256 + wireAdvskew();
        long wait = Math.min(masterDownInterval(), rank * BOW_OUT_WAIT_STEP);
        if (wait == 0) {
            masterDown(now, TransitionReason.BOW_OUT);
        } else {
            masterDownAt = Math.min(masterDownAt, now + wait);
            bowOutPending = true;
        }
    }

    /**
     * An interval so long that the master would time out before its next advertisement: three of
     * our advbase plus our own advskew/256, as OpenBSD, FreeBSD and ucarp compute it. OpenBSD
     * skips this rule for advbase 0; carpd applies it with three of its own sub-second intervals,
     * so a sub-second backup does not wait out a master that advertises once a second or slower.
     */
    private long guaranteedTimeout() {
        return config.advbase() > 0
                ? 3 * config.advbase() * Interval.SECOND + wireAdvskew() * Interval.SKEW_STEP
                : 3 * interval();
    }

    /**
     * The tie breaker, ucarp's rule: the master whose source address is the lower one stays,
     * comparing as ucarp does on little-endian hosts ({@code s_addr} read in host order, so the
     * last octet is the most significant). The BSDs always step down on a tie, so this is the
     * one rule that converges beside every peer. One family decides for the whole vhid, IPv4 if
     * it has IPv4 addresses, else IPv6 (link-local, compared the same way), so that a dual-stack
     * vhid's two advertisements cannot give opposite answers; an advertisement of the other
     * family never decides a tie.
     *
     * @return true if the sender stays and we step down
     */
    private boolean winsTie(InetAddress sender) {
        boolean ipv6 = sender.getAddress().length == 16;
        if (ipv6 == hasIpv4) {
            return false;
        }
        InetAddress mine = env.localSource(this, sender);
        if (mine == null) {
            return true; // no address to compare: step down, as the BSDs do
        }
        // Equal addresses (carpdevs without IPv4, all sending from 0.0.0.0): everyone steps down,
        // as the BSDs do, rather than all staying MASTER.
        return compareAsUcarp(mine.getAddress(), sender.getAddress()) >= 0;
    }

    /** Compares two addresses as unsigned numbers read with the bytes reversed. */
    static int compareAsUcarp(byte[] a, byte[] b) {
        for (int i = a.length - 1; i >= 0; i--) {
            int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Timers that are due at {@code now}. */
    void onTimeout(long now) {
        if (state == CarpState.BACKUP && now >= masterDownAt) {
            masterDown(now, bowOutPending ? TransitionReason.BOW_OUT : TransitionReason.MASTER_DOWN);
        }
        if (now >= hold.releaseAt()) {
            releaseHeld(); // after the master-down check: becoming MASTER again keeps them instead
        }
        if (state == CarpState.MASTER && now >= advertiseAt) {
            sendAdvertisement(now);
        }
        if (state == CarpState.MASTER && now >= announceAt) {
            announce(now);
        }
    }

    /**
     * Our demotion changed. A BACKUP whose demotion went into its advskew waited as with advskew
     * 240; once the demotion is lifted it must not keep waiting that long.
     */
    void demotionChanged(long now) {
        if (state == CarpState.BACKUP && masterDownAt != NEVER) {
            masterDownAt = Math.min(masterDownAt, now + masterDownInterval());
        }
    }

    /** The master is gone (or should be treated so): take over. */
    void masterDown(long now, TransitionReason reason) {
        if (state != CarpState.BACKUP) {
            return;
        }
        if (env.maintenance()) {
            // Drained on purpose: stay BACKUP even when no one else serves the addresses.
            masterDownAt = now + masterDownInterval();
            bowOutPending = false;
            if ((reason == TransitionReason.MASTER_DOWN || reason == TransitionReason.BOW_OUT) && !unservedNoticed) {
                unservedNoticed = true;
                env.emit(new Action.PeerNotice(config.name(), null, config.name() + " vhid " + config.vhid()
                        + ": no master heard, staying BACKUP (maintenance mode): its addresses are not served"));
            }
            return;
        }
        becomeMaster(now, reason);
    }

    private void becomeMaster(long now, TransitionReason reason) {
        setState(now, CarpState.MASTER, reason);
        sendAdvertisement(now);
        announcesLeft = env.announceRepeat() + 1;
        announce(now);
    }

    /** Sends one advertisement now and schedules the next. */
    void sendAdvertisement(long now) {
        env.transmit(now, this, config.advbase(), wireAdvskew(), wireDemote());
        advertiseAt = now + interval();
    }

    /** One last advertisement, 255/255, so backups take over at once instead of timing out. */
    private void bowOut(long now) {
        env.transmit(now, this, 255, 255, wireDemote());
    }

    private void announce(long now) {
        if (announcesLeft <= 0) {
            announceAt = NEVER;
            return;
        }
        env.emit(new Action.Announce(config.carpdev(), config.name(), config.addresses()));
        announcesLeft--;
        // Repeats go a couple of advertisements later, for slow layer-3 switches.
        announceAt = announcesLeft > 0 ? now + 2 * interval() : NEVER;
    }

    /** The carpdev lost or regained carrier (or went administratively down/up). */
    void carpdevChanged(long now, boolean up) {
        boolean first = !carpdevKnown;
        carpdevKnown = true;
        if (!first && up == carpdevUp) {
            return;
        }
        carpdevUp = up;
        if (!up) {
            leave(now, TransitionReason.CARPDEV_DOWN);
            if (!demotedForCarpdev) {
                demotedForCarpdev = true;
                env.adjustDemotion(now, config.groups(), +1, config.name() + ": carpdev down");
            }
        } else {
            if (demotedForCarpdev) {
                demotedForCarpdev = false;
                env.adjustDemotion(now, config.groups(), -1, config.name() + ": carpdev up");
            }
            // A carpdev that went down and up again (a cable, a NIC reset) gets a fresh start.
            liftSendErrorDemotion(now, "carpdev up again");
            if (started) {
                setRun(now, TransitionReason.CARPDEV_UP);
            }
        }
    }

    /**
     * The engine starts this vhid: from now on it takes part when its carpdev is up. A carpdev
     * the engine was never told about counts as down (and demotes), as a missing link would.
     */
    void start(long now) {
        started = true;
        if (!carpdevKnown) {
            carpdevChanged(now, false);
        }
        setRun(now, TransitionReason.STARTUP);
    }

    /** How many demotions this vhid holds on its groups (carpdev down, send errors). */
    private int heldDemotion() {
        return (demotedForCarpdev ? 1 : 0) + (demotedForSendErrors ? 1 : 0);
    }

    /** Goes to INIT, bowing out first if we were master; the addresses go at once. */
    private void leave(long now, TransitionReason reason) {
        leave(now, reason, false);
    }

    /** As {@link #leave(long, TransitionReason)}; with {@code handover} a MASTER holds its addresses for the new one. */
    private void leave(long now, TransitionReason reason, boolean handover) {
        if (state == CarpState.MASTER) {
            bowOut(now);
        }
        if (!handover && hold.active()) {
            releaseHeld();
        }
        setState(now, CarpState.INIT, reason, handover);
        stopTimers();
    }

    private void releaseHeld() {
        env.emit(hold.take());
    }

    /** Ends a hold now, if there is one. */
    void releaseHeldAddresses() {
        if (hold.active()) {
            releaseHeld();
        }
    }

    /** Rearms the timers of the current state. */
    void setRun(long now) {
        setRun(now, TransitionReason.RECONFIGURED);
    }

    private void setRun(long now, TransitionReason reasonFromInit) {
        if (!started || !config.up() || !carpdevUp || config.addresses().isEmpty()) {
            if (state != CarpState.INIT) {
                leave(now, config.up() ? TransitionReason.CARPDEV_DOWN : TransitionReason.ADMIN_DOWN);
            }
            return;
        }
        if (state == CarpState.INIT) {
            setState(now, CarpState.BACKUP, reasonFromInit);
        }
        if (state == CarpState.BACKUP) {
            advertiseAt = NEVER;
            announceAt = NEVER;
            masterDownAt = now + masterDownInterval();
            bowOutPending = false;
        } else {
            masterDownAt = NEVER;
            advertiseAt = now + interval();
        }
    }

    private void stopTimers() {
        advertiseAt = NEVER;
        masterDownAt = NEVER;
        announceAt = NEVER;
        announcesLeft = 0;
    }

    private void setState(long now, CarpState to, TransitionReason reason) {
        setState(now, to, reason, false);
    }

    /**
     * The one place a state changes: addresses follow the MASTER state. With {@code handover},
     * a MASTER that leaves keeps its addresses for a moment (see {@link AddressHold}): at most
     * its master-down interval or {@link AddressHold#MAX}, whichever is shorter.
     */
    private void setState(long now, CarpState to, TransitionReason reason, boolean handover) {
        CarpState from = state;
        if (from == to) {
            return;
        }
        state = to;
        bowOutPending = false;
        if (from == CarpState.MASTER) {
            announceAt = NEVER;
            announcesLeft = 0;
            answered = null;
            answeredAt = NEVER;
            Action.RemoveAddresses removal = new Action.RemoveAddresses(config.carpdev(), config.name(),
                    config.vhid(), config.addresses());
            if (handover) {
                hold.start(removal, now + Math.min(AddressHold.MAX, masterDownInterval()));
            } else {
                env.emit(removal);
            }
            // A send-error demotion stays: as BACKUP we send nothing that could prove the NIC
            // works, and lifting it here would cycle MASTER/BACKUP on a NIC that stays broken.
            // Successes as MASTER, or the carpdev going down and up, lift it.
            Arrays.fill(sendErrors, 0);
            Arrays.fill(sendSuccesses, 0);
        }
        if (to == CarpState.MASTER) {
            masterDownAt = NEVER;
            Action.RemoveAddresses held = hold.active() ? hold.take() : null;
            if (held == null || !held.carpdev().equals(config.carpdev()) || !held.addresses().equals(config.addresses())) {
                if (held != null) {
                    env.emit(held);
                }
                env.emit(new Action.AddAddresses(config.carpdev(), config.name(), config.vhid(), config.addresses()));
            } // else: still held, nothing to add
        }
        env.emit(new Action.StateChanged(config.name(), config.vhid(), from, to, reason));
    }

    // --- operator commands ---------------------------------------------------------------

    /** {@code carpctl carp0 state master|backup}. */
    void forceState(long now, CarpState target) {
        if (target == CarpState.INIT) {
            throw new IllegalArgumentException("state must be master or backup");
        }
        if (state == CarpState.INIT) {
            throw new IllegalStateException(config.name() + " is in INIT ("
                    + (config.up() ? "carpdev down" : "interface down") + "); cannot force "
                    + target.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (target == state) {
            return;
        }
        if (target == CarpState.MASTER && env.maintenance()) {
            throw new IllegalStateException("this node is in maintenance mode: every vhid stays BACKUP"
                    + " (carpctl maintenance off first)");
        }
        if (target == CarpState.MASTER) {
            becomeMaster(now, TransitionReason.FORCED);
        } else {
            bowOut(now); // a planned handover: the backups take over at once
            setState(now, CarpState.BACKUP, TransitionReason.FORCED, true);
            setRun(now);
        }
    }

    /**
     * Maintenance mode began or ended. A MASTER bows out (backups take over at once) and becomes
     * BACKUP, keeping its addresses until the new master has them; a BACKUP keeps listening. When it ends, BACKUPs time the master again from now.
     */
    void maintenanceChanged(long now, boolean on) {
        if (on && state == CarpState.MASTER) {
            bowOut(now);
            setState(now, CarpState.BACKUP, TransitionReason.MAINTENANCE, true); // planned: keep the addresses until taken over
            setRun(now);
        } else if (!on && state == CarpState.BACKUP) {
            unservedNoticed = false;
            setRun(now);
        }
    }

    /** A new configuration for the same carpdev and vhid. */
    void reconfigure(long now, CarpInterfaceConfig next) {
        CarpInterfaceConfig previous = config;
        boolean wasMaster = state == CarpState.MASTER;
        if (hold.active()) {
            releaseHeld(); // held with the old configuration's addresses
        }
        if (previous.up() && !next.up()) {
            leave(now, TransitionReason.ADMIN_DOWN); // with the old addresses and key
            configure(next);
            moveHeldDemotion(now, previous.groups());
            return;
        }
        if (wasMaster && !previous.addresses().equals(next.addresses())) {
            List<VirtualAddress> removed = new ArrayList<>(previous.addresses());
            removed.removeAll(next.addresses());
            List<VirtualAddress> added = new ArrayList<>(next.addresses());
            added.removeAll(previous.addresses());
            if (!removed.isEmpty()) {
                env.emit(new Action.RemoveAddresses(next.carpdev(), next.name(), next.vhid(), removed));
            }
            if (!added.isEmpty()) {
                env.emit(new Action.AddAddresses(next.carpdev(), next.name(), next.vhid(), added));
                env.emit(new Action.Announce(next.carpdev(), next.name(), added));
            }
        }
        configure(next);
        moveHeldDemotion(now, previous.groups());
        boolean timingChanged = previous.advbase() != next.advbase() || previous.advskew() != next.advskew();
        if (!previous.up() && next.up()) {
            setRun(now, TransitionReason.ADMIN_UP);
        } else if (timingChanged || state == CarpState.INIT) {
            setRun(now, TransitionReason.RECONFIGURED);
        }
        if (wasMaster && state == CarpState.MASTER && timingChanged) {
            sendAdvertisement(now); // tell the backups at once
        }
    }

    /** After a change of groups the demotions this vhid holds follow it: off the groups it left, onto those it joined. */
    private void moveHeldDemotion(long now, List<String> previousGroups) {
        int held = heldDemotion();
        if (held == 0) {
            return;
        }
        List<String> left = new ArrayList<>(previousGroups);
        left.removeAll(config.groups());
        List<String> joined = new ArrayList<>(config.groups());
        joined.removeAll(previousGroups);
        if (!left.isEmpty()) {
            env.adjustDemotion(now, left, -held, config.name() + ": left groups " + left);
        }
        if (!joined.isEmpty()) {
            env.adjustDemotion(now, joined, held, config.name() + ": joined groups " + joined);
        }
    }

    /**
     * The daemon is stopping or the interface is being destroyed: bow out, release the addresses
     * and the demotions this vhid holds on its groups, and take no further part. With
     * {@code handover} (the daemon stops) a MASTER keeps its addresses until a new master has
     * them or the hold's bound passes ({@link AddressHold}); the driver keeps running until then.
     */
    void shutdown(long now, boolean handover) {
        started = false;
        leave(now, TransitionReason.SHUTDOWN, handover);
        if (heldDemotion() > 0) {
            env.adjustDemotion(now, config.groups(), -heldDemotion(), config.name() + ": removed");
            demotedForCarpdev = false;
            demotedForSendErrors = false;
        }
    }

    private void liftSendErrorDemotion(long now, String why) {
        Arrays.fill(sendErrors, 0);
        Arrays.fill(sendSuccesses, 0);
        if (demotedForSendErrors) {
            demotedForSendErrors = false;
            env.adjustDemotion(now, config.groups(), -1, config.name() + ": " + why);
        }
    }

    /**
     * The outcome of one advertisement send. Three failures in a row in one address family
     * demote this interface (OpenBSD counts three per vhid; a carpd vhid sends one frame per
     * family, and one family may fail while the other works); three successes in a row in every
     * family it sends lift the demotion again. Only a MASTER's sends count. The demotion outlives
     * MASTER (see {@link #setState}), so a broken NIC never cycles MASTER/BACKUP.
     */
    void sendResult(long now, boolean ipv6, boolean ok) {
        if (state != CarpState.MASTER) {
            return; // a bow-out on the way out (often on a dead link) says nothing about the NIC
        }
        int f = ipv6 ? 1 : 0;
        if (ok) {
            sendErrors[f] = 0;
            if (demotedForSendErrors && ++sendSuccesses[f] >= SEND_ERRORS_PER_FAMILY
                    && (!hasIpv4 || sendSuccesses[0] >= SEND_ERRORS_PER_FAMILY)
                    && (!hasIpv6 || sendSuccesses[1] >= SEND_ERRORS_PER_FAMILY)) {
                demotedForSendErrors = false;
                env.adjustDemotion(now, config.groups(), -1, config.name() + ": sending works again");
            }
            return;
        }
        sendSuccesses[f] = 0;
        if (++sendErrors[f] >= SEND_ERRORS_PER_FAMILY && !demotedForSendErrors) {
            demotedForSendErrors = true;
            sendSuccesses[0] = 0;
            sendSuccesses[1] = 0;
            env.adjustDemotion(now, config.groups(), +1, config.name() + ": " + sendErrors[f]
                    + " send failures in a row (" + (ipv6 ? "IPv6" : "IPv4") + ")");
        }
    }
}
