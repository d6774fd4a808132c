package org.carpd.testing.sim;

import java.net.InetAddress;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.Interval;
import org.carpd.core.engine.TransitionReason;
import org.carpd.core.wire.Advertisement;

/**
 * OpenBSD carp(4) as in current OpenBSD ({@code sys/netinet/ip_carp.c}, 2025):
 * <ul>
 * <li>counter: a random 64-bit cookie per vhid, drawn at its first advertisement and sent in
 *     every one; a received advertisement carrying our own cookie is dropped as "replay or
 *     network loop"; nothing else is checked;</li>
 * <li>demotion: the host's group demote count goes in the demote byte and is compared first
 *     (a less demoted master always wins; a backup takes over from a more demoted one); the
 *     count rises by one for a carpdev that goes down and for 3 failed sends in a row, and falls
 *     again on carrier and on 3 sends that work; when it first rises, masters advertise at once;</li>
 * <li>tie (equal demote and interval): a MASTER always steps down;</li>
 * <li>timers: advertisement every advbase + advskew/256 s (0/0 is 1/256 s), master down after
 *     3 x that; the guaranteed-timeout rule (3 x own advbase, plus own skew, below the master's
 *     interval) is skipped for advbase 0;</li>
 * <li>bow-out: a master going down sends 255/255 once;</li>
 * <li>startup INIT to BACKUP; timers fire on hz=100 ticks.</li>
 * </ul>
 */
public final class OpenBsdPeer extends PeerNode {
    private static final long TICK = 10_000_000L;
    private int demote;
    /** A cookie to draw instead of a random one (a test of the one-in-8,000 case), or 0. */
    private long cookie;

    OpenBsdPeer(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> configs) {
        super(lan, name, index, preempt, configs);
    }

    @Override
    public String implementation() {
        return "OpenBSD carp(4)";
    }

    @Override
    void boot() {
        demote = 0;
    }

    /** Makes the next cookie drawn this one (0: random again). */
    public void drawCookie(long cookie) {
        this.cookie = cookie;
    }

    @Override
    long nextCounter(PeerVhid v) {
        while (v.counter == 0) {
            v.counter = cookie != 0 ? cookie : random64();
        }
        return v.counter;
    }

    @Override
    boolean counterReceived(PeerVhid v, long counter) {
        return counter != v.counter;
    }

    @Override
    int wireAdvskew(PeerVhid v) {
        return v.advskew();
    }

    @Override
    int wireDemote() {
        return demote & 0xff;
    }

    @Override
    int ownAdvskew(PeerVhid v) {
        return v.advskew();
    }

    @Override
    long advertisementNanos(PeerVhid v) {
        return Interval.of(v.advbase(), v.advskew());
    }

    @Override
    long masterDownNanos(PeerVhid v) {
        return 3 * Interval.of(v.advbase(), v.advskew());
    }

    @Override
    boolean yields(PeerVhid v, Advertisement ad, InetAddress source) {
        boolean notFaster = ownTv(v) >= tv(ad.advbase(), ad.advskew());
        return notFaster && ad.demote() <= demote || ad.demote() < demote;
    }

    @Override
    TransitionReason takesOver(PeerVhid v, Advertisement ad) {
        if (preempt && ownTv(v) < tv(ad.advbase(), ad.advskew()) && ad.demote() >= demote) {
            return TransitionReason.PREEMPT;
        }
        if (ad.demote() > demote) {
            return TransitionReason.MASTER_DEMOTED;
        }
        if (v.advbase() != 0 && masterWillTimeOut(v, ad)) {
            return ad.isBowOut() ? TransitionReason.BOW_OUT : TransitionReason.MASTER_TOO_SLOW;
        }
        return null;
    }

    @Override
    void carpdevDown(PeerVhid v) {
        toInit(v, TransitionReason.CARPDEV_DOWN);
        if (!v.suppressed) {
            v.suppressed = true;
            adjust(1);
        }
    }

    @Override
    void carpdevUp(PeerVhid v) {
        if (v.suppressed) {
            v.suppressed = false;
            setRun(v, TransitionReason.CARPDEV_UP);
            adjust(-1);
        }
    }

    @Override
    void sendResult(PeerVhid v, boolean ok) {
        if (!ok) {
            v.sendErrors = Math.min(v.sendErrors + 1, Integer.MAX_VALUE - 1);
            if (v.sendErrors == SENDAD_MAX_ERRORS) {
                adjust(1);
            }
            v.sendSuccesses = 0;
        } else if (v.sendErrors >= SENDAD_MAX_ERRORS) {
            if (++v.sendSuccesses >= SENDAD_MIN_SUCCESS) {
                adjust(-1);
                v.sendErrors = 0;
            }
        } else {
            v.sendErrors = 0;
        }
    }

    /** carp_group_demote_adj on group carp: clamped at 0; masters advertise when it first rises. */
    private void adjust(int delta) {
        demote = Math.max(0, demote + delta);
        if (delta > 0 && demote == 1) {
            advertiseMastersSoon();
        }
    }

    @Override
    long tick() {
        return TICK;
    }

    @Override
    public boolean bowsOut() {
        return true;
    }

    /** {@code ifconfig -g carp carpdemote N}. */
    @Override
    public void adjustDemotion(int delta) {
        adjust(delta);
        rearm();
    }

    @Override
    public int demotion() {
        return demote;
    }
}
