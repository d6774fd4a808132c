package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.ArrayList;
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
 * {@link CarpEngine}, which authenticates packets before they get here. The election rules on
 * another host's advertisement are in {@link AdvertisementInput} and {@link Preference}; the
 * addresses, announcements and held demotions in {@link MasterAddresses}, {@link AnnounceSchedule}
 * and {@link HeldDemotion}; the operator's commands in {@link VirtualHostCommands}.
 */
final class VirtualHost {
    static final long NEVER = Long.MAX_VALUE;
    /** FreeBSD's cap on the advskew a demotion may push it to. */
    private static final int MAX_DEMOTED_ADVSKEW = 240;

    private final VhostEnvironment env;
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
    private final HeldDemotion held;
    private long advertiseAt = NEVER;
    private long masterDownAt = NEVER;
    private final AnnounceSchedule announcements;
    /** The master-down timer runs short because the master bowed out. */
    private boolean bowOutPending;
    private final AdvertisementInput advertisements;
    private final MasterAddresses addresses;
    /** In maintenance: said once that no master is heard, until one is heard again. */
    private boolean unservedNoticed;

    VirtualHost(VhostEnvironment env, CarpInterfaceConfig config, ReplayGuard replay) {
        this.env = env;
        this.replay = replay;
        this.held = new HeldDemotion(this, env);
        this.announcements = new AnnounceSchedule(this, env);
        this.addresses = new MasterAddresses(this, env);
        this.advertisements = new AdvertisementInput(this, env);
        configure(config);
    }

    void configure(CarpInterfaceConfig cfg) {
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

    VhostEnvironment env() {
        return env;
    }

    MasterAddresses addresses() {
        return addresses;
    }

    HeldDemotion heldDemotion() {
        return held;
    }

    AnnounceSchedule announcements() {
        return announcements;
    }

    long masterDownAt() {
        return masterDownAt;
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

    long masterDownInterval() {
        return Interval.masterDown(config.compat().masterDown(), config.advbase(), wireAdvskew());
    }

    long nextDeadline() {
        return Math.min(Math.min(Math.min(advertiseAt, masterDownAt), announcements.at()), addresses.releaseAt());
    }

    /** True while this vhid keeps its addresses after a planned handover (see {@link AddressHold}). */
    boolean holdsAddresses() {
        return addresses.held();
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

    /** An authenticated advertisement for our vhid from another host (see {@link AdvertisementInput}). */
    void input(long now, Advertisement ad, InetAddress sender) {
        advertisements.input(now, ad, sender);
    }

    /** As BACKUP, the master was heard: time it again from now; returns the new master-down deadline. */
    long masterHeard(long now) {
        masterDownAt = now + masterDownInterval();
        bowOutPending = false;
        unservedNoticed = false;
        return masterDownAt;
    }

    /** As BACKUP, the master bowed out: take over at {@code until} unless another master is heard first. */
    void bowOutWait(long until) {
        masterDownAt = Math.min(masterDownAt, until);
        bowOutPending = true;
    }

    /** As MASTER, an advertisement that is due at {@code now}; no other timer. */
    void advertiseIfDue(long now) {
        if (state == CarpState.MASTER && now >= advertiseAt) {
            sendAdvertisement(now);
        }
    }

    /** Timers that are due at {@code now}. */
    void onTimeout(long now) {
        if (state == CarpState.BACKUP && now >= masterDownAt) {
            masterDown(now, bowOutPending ? TransitionReason.BOW_OUT : TransitionReason.MASTER_DOWN);
        }
        if (now >= addresses.releaseAt()) {
            addresses.release(); // after the master-down check: becoming MASTER again keeps them instead
        }
        if (state == CarpState.MASTER && now >= advertiseAt) {
            sendAdvertisement(now);
        }
        if (state == CarpState.MASTER && now >= announcements.at()) {
            announcements.announce(now);
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

    void becomeMaster(long now, TransitionReason reason) {
        setState(now, CarpState.MASTER, reason);
        sendAdvertisement(now);
        announcements.begin(now);
    }

    /** Sends one advertisement now and schedules the next. */
    void sendAdvertisement(long now) {
        env.transmit(now, this, config.advbase(), wireAdvskew(), wireDemote());
        advertiseAt = now + interval();
    }

    /** One last advertisement, 255/255, so backups take over at once instead of timing out. */
    void bowOut(long now) {
        env.transmit(now, this, 255, 255, wireDemote());
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
            held.carpdevDown(now);
        } else {
            held.carpdevUp(now);
            // A carpdev that went down and up again (a cable, a NIC reset) gets a fresh start.
            held.liftSendErrorDemotion(now, "carpdev up again");
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

    /** Goes to INIT, bowing out first if we were master; the addresses go at once. */
    void leave(long now, TransitionReason reason) {
        leave(now, reason, false);
    }

    /** As {@link #leave(long, TransitionReason)}; with {@code handover} a MASTER holds its addresses for the new one. */
    private void leave(long now, TransitionReason reason, boolean handover) {
        if (state == CarpState.MASTER) {
            bowOut(now);
        }
        if (!handover) {
            addresses.releaseIfHeld();
        }
        setState(now, CarpState.INIT, reason, handover);
        stopTimers();
    }

    /** Ends a hold now, if there is one. */
    void releaseHeldAddresses() {
        addresses.releaseIfHeld();
    }

    /** Rearms the timers of the current state. */
    void setRun(long now) {
        setRun(now, TransitionReason.RECONFIGURED);
    }

    void setRun(long now, TransitionReason reasonFromInit) {
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
            announcements.unschedule();
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
        announcements.stop();
    }

    private void setState(long now, CarpState to, TransitionReason reason) {
        setState(now, to, reason, false);
    }

    /**
     * The one place a state changes: addresses follow the MASTER state. With {@code handover},
     * a MASTER that leaves keeps its addresses for a moment (see {@link AddressHold}): a moment
     * after it hears the new master, or if none comes, its master-down interval or
     * {@link AddressHold#MAX}, whichever is shorter.
     */
    void setState(long now, CarpState to, TransitionReason reason, boolean handover) {
        CarpState from = state;
        if (from == to) {
            return;
        }
        state = to;
        bowOutPending = false;
        if (from == CarpState.MASTER) {
            announcements.stop();
            advertisements.leftMaster();
            addresses.lose(now, handover, now + Math.min(AddressHold.MAX, masterDownInterval()));
            // A send-error demotion stays: as BACKUP we send nothing that could prove the NIC
            // works, and lifting it here would cycle MASTER/BACKUP on a NIC that stays broken.
            // Successes as MASTER, or the carpdev going down and up, lift it.
            held.resetSendCounts();
        }
        if (to == CarpState.MASTER) {
            masterDownAt = NEVER;
            addresses.gain();
        }
        env.emit(new Action.StateChanged(config.name(), config.vhid(), from, to, reason));
    }

    // --- operator commands (see VirtualHostCommands) ---------------------------------------

    /** {@code carpctl carp0 state master|backup}. */
    void forceState(long now, CarpState target) {
        VirtualHostCommands.forceState(this, now, target);
    }

    /** Maintenance mode began or ended. */
    void maintenanceChanged(long now, boolean on) {
        VirtualHostCommands.maintenanceChanged(this, now, on);
    }

    /** Maintenance mode ended: a BACKUP times the master again from now. */
    void maintenanceOver(long now) {
        unservedNoticed = false;
        setRun(now);
    }

    /** A new configuration for the same carpdev and vhid. */
    void reconfigure(long now, CarpInterfaceConfig next) {
        VirtualHostCommands.reconfigure(this, now, next);
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
        held.release(now);
    }

    /** The outcome of one advertisement send: only a MASTER's count ({@link HeldDemotion#sendResult}). */
    void sendResult(long now, boolean ipv6, boolean ok) {
        if (state != CarpState.MASTER) {
            return; // a bow-out on the way out (often on a dead link) says nothing about the NIC
        }
        held.sendResult(now, ipv6, ok);
    }
}
