package org.carpd.testing.sim;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.engine.Interval;
import org.carpd.core.engine.TransitionReason;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.MacAddress;
import org.carpd.core.wire.ReceivedAdvertisement;

/**
 * ucarp 1.5.2 ({@code src/carp.c}), one process per carp interface, IPv4 only, one virtual
 * address each:
 * <ul>
 * <li>counter: random for every advertisement until it hears a valid one; from then on it
 *     adopts each received counter and adds one per advertisement it sends; no replay check;</li>
 * <li>demotion: none on the wire (the demote byte is sent as 0 and ignored); after 3 failed
 *     sends in a row it advertises with advskew 240 (and compares with 240) until 3 sends
 *     work;</li>
 * <li>tie (equal interval, both MASTER): it stays MASTER only if its own source address is the
 *     lower one, comparing {@code s_addr} as a host-order integer, which on little-endian
 *     machines is the address with its bytes reversed; a MASTER that yields sends one more
 *     advertisement first;</li>
 * <li>timers: advertisement every advbase + advskew/256 s; master down after
 *     3 x advbase + advskew/256 s;</li>
 * <li>no bow-out (SIGTERM runs the down script and exits); while the interface is not running
 *     it sits in BACKUP with no timers; it ignores packets from its own source address; it
 *     polls with millisecond resolution.</li>
 * </ul>
 */
public final class UcarpPeer extends PeerNode {
    static final int BULK_UPDATE_MIN_DELAY = 240;
    private static final long TICK = 1_000_000L;

    UcarpPeer(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> configs) {
        super(lan, name, index, preempt, configs);
        for (CarpInterfaceConfig c : configs) {
            if (c.addresses().size() != 1 || c.addresses().get(0).ipv6()) {
                throw new IllegalArgumentException("ucarp takes exactly one IPv4 address per vhid (" + c.name() + ")");
            }
            if (c.passphrase().bytes().length >= 20) {
                throw new IllegalArgumentException("ucarp: Password too long (" + c.name() + ")");
            }
            if (c.advbase() < 1) {
                throw new IllegalArgumentException("ucarp: advbase must be at least 1 (" + c.name() + ")");
            }
        }
    }

    @Override
    public String implementation() {
        return "ucarp 1.5.2";
    }

    @Override
    void boot() {
        // each process starts from scratch; nothing host-wide
    }

    @Override
    long nextCounter(PeerVhid v) {
        v.counter = v.initCounter ? random64() : v.counter + 1; // wraps to 0 after all ones, as ucarp
        return v.counter;
    }

    @Override
    boolean counterReceived(PeerVhid v, long counter) {
        v.initCounter = false;
        v.counter = counter;
        return true;
    }

    private int skew(PeerVhid v) {
        return v.suppressPreempt != 0 && v.advskew() < BULK_UPDATE_MIN_DELAY ? BULK_UPDATE_MIN_DELAY : v.advskew();
    }

    @Override
    int wireAdvskew(PeerVhid v) {
        return skew(v);
    }

    @Override
    int wireDemote() {
        return 0;
    }

    @Override
    int ownAdvskew(PeerVhid v) {
        return skew(v);
    }

    @Override
    long advertisementNanos(PeerVhid v) {
        return Interval.of(v.advbase(), skew(v));
    }

    @Override
    long masterDownNanos(PeerVhid v) {
        return 3L * v.advbase() * Interval.SECOND + v.advskew() * Interval.SKEW_STEP;
    }

    @Override
    MacAddress sourceMac(PeerVhid v) {
        return MacAddress.of(new byte[] {0, 0, 0x5e, 0, 0, (byte) v.config.vhid()});
    }

    /** IPv4 only, and the capture filter drops our own source ("src host not SRCIP"). */
    @Override
    boolean accepts(PeerVhid v, ReceivedAdvertisement packet, CarpdevInfo carpdev) {
        return !packet.ipv6() && !carpdev.ipv4().map(packet.source()::equals).orElse(false);
    }

    /** {@code ip_src.s_addr} read as a 32-bit integer on a little-endian host, unsigned. */
    static long hostOrder(InetAddress ipv4) {
        return Integer.toUnsignedLong(Integer.reverseBytes(ByteBuffer.wrap(ipv4.getAddress()).getInt()));
    }

    @Override
    boolean yields(PeerVhid v, Advertisement ad, InetAddress source) {
        long mine = ownTv(v);
        long theirs = tv(ad.advbase(), ad.advskew());
        if (mine > theirs) {
            return true;
        }
        InetAddress own = carpdevs.get(v.config.carpdev()).ipv4().map(a -> (InetAddress) a)
                .orElse(address(new byte[4]));
        return mine == theirs && hostOrder(source) < hostOrder(own);
    }

    /** "To be really sure the new master knows": one more advertisement, then BACKUP. */
    @Override
    void stepDown(PeerVhid v) {
        sendAd(v, false);
        super.stepDown(v);
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

    /** Interface not running: BACKUP (the down script runs), every timer cleared, packets unread. */
    @Override
    void carpdevDown(PeerVhid v) {
        v.adAt = NEVER;
        v.mdAt[0] = NEVER;
        v.mdAt[1] = NEVER;
        setState(v, CarpState.BACKUP, TransitionReason.CARPDEV_DOWN);
    }

    @Override
    void carpdevUp(PeerVhid v) {
        setRun(v, TransitionReason.CARPDEV_UP);
    }

    @Override
    void sendResult(PeerVhid v, boolean ok) {
        if (!ok) {
            v.sendErrors = Math.min(v.sendErrors + 1, Integer.MAX_VALUE - 1);
            if (v.sendErrors == SENDAD_MAX_ERRORS) {
                v.suppressPreempt++;
                if (v.suppressPreempt == 1) {
                    advertiseMastersSoon();
                }
            }
            v.sendSuccesses = 0;
        } else if (v.sendErrors >= SENDAD_MAX_ERRORS) {
            if (++v.sendSuccesses >= SENDAD_MIN_SUCCESS) {
                v.suppressPreempt--;
                v.sendErrors = 0;
            }
        } else {
            v.sendErrors = 0;
        }
    }

    @Override
    long tick() {
        return TICK;
    }

    @Override
    public boolean bowsOut() {
        return false;
    }

    @Override
    public void adjustDemotion(int delta) {
        throw new UnsupportedOperationException("ucarp has no operator demotion");
    }

    /** carp_suppress_preempt, summed over the processes. */
    @Override
    public int demotion() {
        return vhids.values().stream().mapToInt(v -> v.suppressPreempt).sum();
    }
}
