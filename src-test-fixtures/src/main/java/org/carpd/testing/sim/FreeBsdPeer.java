package org.carpd.testing.sim;

import java.net.InetAddress;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.Interval;
import org.carpd.core.engine.TransitionReason;
import org.carpd.core.wire.Advertisement;

/**
 * FreeBSD carp(4) since the 2011 rewrite ({@code sys/netinet/ip_carp.c}, FreeBSD 10 to 14):
 * <ul>
 * <li>counter: random for every frame until the vhid hears a valid advertisement; from then on
 *     it adopts each received counter and adds one per frame it sends (so a node that comes
 *     back after a crash continues below the counters it sent before); no replay check;</li>
 * <li>demotion: one host-wide number (net.inet.carp.demotion) added to advskew, capped at 240
 *     (so a configured advskew above 240 is sent as 240 too); the demote byte is sent as 0 and
 *     ignored on receipt; a carpdev going down and 3 failed sends in a row each add 240; any
 *     change makes every master advertise at once;</li>
 * <li>tie: a MASTER always steps down;</li>
 * <li>timers: advertisement every advbase + demoted advskew/256 s; master down after
 *     3 x advbase + advskew/256 s (configured advskew, added once); advbase 0 is refused;</li>
 * <li>no bow-out: a master that goes away just stops advertising;</li>
 * <li>startup INIT to BACKUP; callouts fire one to two ticks late at hz=1000.</li>
 * </ul>
 */
public final class FreeBsdPeer extends PeerNode {
    static final int MAXSKEW = 240;
    private static final long TICK = 2_000_000L;
    private int demotion;

    FreeBsdPeer(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> configs) {
        super(lan, name, index, preempt, configs);
        for (CarpInterfaceConfig c : configs) {
            if (c.advbase() < 1) {
                throw new IllegalArgumentException("FreeBSD refuses advbase " + c.advbase() + " (" + c.name() + ")");
            }
        }
    }

    @Override
    public String implementation() {
        return "FreeBSD carp(4)";
    }

    @Override
    void boot() {
        demotion = 0;
    }

    @Override
    long nextCounter(PeerVhid v) {
        v.counter = v.initCounter ? random64() : v.counter + 1;
        return v.counter;
    }

    @Override
    boolean counterReceived(PeerVhid v, long counter) {
        v.initCounter = false;
        v.counter = counter;
        return true;
    }

    /** DEMOTE_ADVSKEW. */
    private int demotedAdvskew(PeerVhid v) {
        return Math.min(v.advskew() + demotion, MAXSKEW);
    }

    @Override
    int wireAdvskew(PeerVhid v) {
        return demotedAdvskew(v);
    }

    @Override
    int wireDemote() {
        return 0;
    }

    @Override
    int ownAdvskew(PeerVhid v) {
        return demotedAdvskew(v);
    }

    @Override
    long advertisementNanos(PeerVhid v) {
        return Interval.of(v.advbase(), demotedAdvskew(v));
    }

    @Override
    long masterDownNanos(PeerVhid v) {
        return 3L * v.advbase() * Interval.SECOND + v.advskew() * Interval.SKEW_STEP;
    }

    @Override
    boolean yields(PeerVhid v, Advertisement ad, InetAddress source) {
        return ownTv(v) >= tv(ad.advbase(), ad.advskew());
    }

    @Override
    TransitionReason takesOver(PeerVhid v, Advertisement ad) {
        if (preempt && ownTv(v) < tv(ad.advbase(), ad.advskew())) {
            return TransitionReason.PREEMPT;
        }
        if (masterWillTimeOut(v, ad)) {
            return ad.isBowOut() ? TransitionReason.BOW_OUT : TransitionReason.MASTER_TOO_SLOW;
        }
        return null;
    }

    @Override
    void carpdevDown(PeerVhid v) {
        toInit(v, TransitionReason.CARPDEV_DOWN);
        if (!v.suppressed) {
            v.suppressed = true;
            adjust(MAXSKEW);
        }
    }

    @Override
    void carpdevUp(PeerVhid v) {
        if (v.suppressed) {
            v.suppressed = false;
            adjust(-MAXSKEW);
        }
        setRun(v, TransitionReason.CARPDEV_UP);
    }

    /** carp_send_ad_error. */
    @Override
    void sendResult(PeerVhid v, boolean ok) {
        if (!ok) {
            v.sendErrors = Math.min(v.sendErrors + 1, Integer.MAX_VALUE - 1);
            if (v.sendErrors == SENDAD_MAX_ERRORS) {
                adjust(MAXSKEW);
            }
            v.sendSuccesses = 0;
        } else if (v.sendErrors > 0 && ++v.sendSuccesses >= SENDAD_MIN_SUCCESS) {
            if (v.sendErrors >= SENDAD_MAX_ERRORS) {
                adjust(-MAXSKEW);
            }
            v.sendErrors = 0;
        }
    }

    /** carp_demote_adj: the sum is kept as is (the cap applies per vhid); masters advertise. */
    private void adjust(int delta) {
        demotion += delta;
        advertiseMastersSoon();
    }

    @Override
    long tick() {
        return TICK;
    }

    @Override
    public boolean bowsOut() {
        return false;
    }

    /** {@code sysctl net.inet.carp.demotion=N}, which adds N. */
    @Override
    public void adjustDemotion(int delta) {
        adjust(delta);
        rearm();
    }

    @Override
    public int demotion() {
        return demotion;
    }
}
