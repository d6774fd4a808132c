package org.carpd.testing.sim;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.engine.TransitionReason;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;
import org.carpd.core.wire.ReceivedAdvertisement;

/**
 * A host running another CARP implementation, modelled from that implementation's source, not
 * from carpd's engine. All three descend from OpenBSD's 2003 carp, so they share the frame:
 * INIT, BACKUP and MASTER; an advertisement timer while MASTER; a master-down timer per address
 * family while BACKUP; timeval comparisons of (advbase, advskew/256 s); and no replay check at
 * all. The subclasses say what differs: counters, tie rule, demotion, timer formulas, bow-out.
 * Frames are built and checked with carpd-core's codec and HMAC, so they are wire-true.
 *
 * <p>Timers fire late by up to {@link #timerSlack()} (a kernel tick, ucarp's poll), drawn from
 * the seed: without it, two hosts that time out at the same instant would stay in lockstep for
 * ever, which real hosts never do.
 */
public abstract sealed class PeerNode extends SimHost permits UcarpPeer, FreeBsdPeer, OpenBsdPeer {
    static final long NEVER = PeerVhid.NEVER;
    static final int SENDAD_MAX_ERRORS = 3;
    static final int SENDAD_MIN_SUCCESS = 3;

    final boolean preempt;
    final List<CarpInterfaceConfig> configs;
    final Map<String, PeerVhid> vhids = new LinkedHashMap<>();
    final SplittableRandom random;
    private long timerGeneration;
    private int boots;

    PeerNode(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> configs) {
        super(lan, name, index);
        if (configs.isEmpty()) {
            throw new IllegalArgumentException(name + ": no carp interface");
        }
        this.preempt = preempt;
        this.configs = List.copyOf(configs);
        this.random = new SplittableRandom(lan.seed() * 31 + index ^ 0x9E3779B97F4A7C15L);
        configs.forEach(c -> addCarpdev(c.carpdev()));
    }

    /** The implementation, for messages: "ucarp 1.5.2", "FreeBSD carp(4)", "OpenBSD carp(4)". */
    public abstract String implementation();

    /** A fresh boot: host-wide demotion back to zero. */
    abstract void boot();

    /** The counter of the next frame sent. */
    abstract long nextCounter(PeerVhid v);
    /** An authenticated advertisement's counter: adopt it, or refuse the packet (false). */
    abstract boolean counterReceived(PeerVhid v, long counter);
    abstract int wireAdvskew(PeerVhid v);
    abstract int wireDemote();

    /** The advskew this host compares with a received one (sc_tv). */
    abstract int ownAdvskew(PeerVhid v);
    abstract long advertisementNanos(PeerVhid v);
    abstract long masterDownNanos(PeerVhid v);

    /** MASTER: does this advertisement send us back to BACKUP? */
    abstract boolean yields(PeerVhid v, Advertisement ad, InetAddress source);
    /** BACKUP: the reason to take over at once, or null to restart the master-down timer. */
    abstract TransitionReason takesOver(PeerVhid v, Advertisement ad);
    abstract void carpdevDown(PeerVhid v);
    abstract void carpdevUp(PeerVhid v);

    /** Send-error bookkeeping after each frame. */
    abstract void sendResult(PeerVhid v, boolean ok);
    /** Granularity of the host's timers. */
    abstract long tick();

    /** Ethernet source of advertisements: the BSDs' virtual MAC 00:00:5e:00:01:vhid by default. */
    MacAddress sourceMac(PeerVhid v) {
        return MacAddress.of(new byte[] {0, 0, 0x5e, 0, 1, (byte) v.config.vhid()});
    }

    /** The operator's demotion (ifconfig -g carp carpdemote, sysctl net.inet.carp.demotion). */
    public abstract void adjustDemotion(int delta);
    /** The host's demotion now, in the implementation's own unit. */
    public abstract int demotion();

    @Override
    public long timerSlack() {
        return tick();
    }

    @Override
    public CarpState state(String carpInterface) {
        PeerVhid v = vhids.get(carpInterface);
        return alive && v != null ? v.state : CarpState.INIT;
    }

    @Override
    public List<String> carpInterfaces() {
        return configs.stream().map(CarpInterfaceConfig::name).toList();
    }

    @Override
    public long masterDownInterval(String carpInterface) {
        return masterDownNanos(vhid(carpInterface));
    }

    @Override
    public long maxAdvertisementInterval(String carpInterface) {
        return advertisementNanos(vhid(carpInterface)) + tick();
    }

    /** The running vhid, or (not started yet) one with the configured timing. */
    private PeerVhid vhid(String carpInterface) {
        return vhids.containsKey(carpInterface) ? vhids.get(carpInterface) : new PeerVhid(configs.stream()
                .filter(x -> x.name().equals(carpInterface)).findFirst().orElseThrow());
    }

    @Override
    public void start() {
        alive = true;
        boots++;
        vhids.clear();
        boot();
        for (CarpInterfaceConfig c : configs) {
            vhids.put(c.name(), new PeerVhid(c));
        }
        for (PeerVhid v : vhids.values()) {
            if (!carpdevs.get(v.config.carpdev()).up()) {
                carpdevDown(v);
            }
            setRun(v, TransitionReason.STARTUP);
        }
        rearm();
    }

    @Override
    public void stop() {
        for (PeerVhid v : vhids.values()) {
            if (v.state == CarpState.MASTER && bowsOut()) {
                sendAd(v, true);
            }
            setState(v, CarpState.INIT, TransitionReason.SHUTDOWN);
        }
        alive = false;
        stopTimers();
    }

    @Override
    void stopTimers() {
        timerGeneration++;
    }

    @Override
    void clockJumped() {
        fireTimers();
    }

    @Override
    void carpdevChanged(String carpdev, CarpdevInfo info, boolean changed) {
        if (!changed) {
            return; // the BSDs act on link-state events, ucarp on a change of IFF_RUNNING
        }
        for (PeerVhid v : vhids.values()) {
            if (v.config.carpdev().equals(carpdev)) {
                if (info.up()) {
                    carpdevUp(v);
                } else {
                    carpdevDown(v);
                }
            }
        }
        rearm();
    }

    @Override
    void receive(String carpdev, byte[] frame) {
        CarpdevInfo info = carpdevs.get(carpdev);
        if (!alive || info == null || !info.up()) {
            return;
        }
        if (!(AdvertisementCodec.decodeFrame(frame, 0, frame.length) instanceof DecodeResult.Accepted ok)) {
            return;
        }
        ReceivedAdvertisement packet = ok.packet();
        Advertisement ad = packet.advertisement();
        PeerVhid v = vhids.values().stream()
                .filter(x -> x.config.carpdev().equals(carpdev) && x.config.vhid() == ad.vhid())
                .findFirst().orElse(null);
        if (v == null || !accepts(v, packet, info)) {
            return;
        }
        if (!v.auth.verify(ad) || !counterReceived(v, ad.counter())) {
            return;
        }
        input(v, ad, packet.source(), packet.ipv6());
        rearm();
    }

    /** Whether the packet reaches the vhid's input at all (address family, own source). */
    boolean accepts(PeerVhid v, ReceivedAdvertisement packet, CarpdevInfo carpdev) {
        return packet.ipv6() ? v.v6 : v.v4;
    }

    private void input(PeerVhid v, Advertisement ad, InetAddress source, boolean ipv6) {
        switch (v.state) {
            case INIT -> {
                // not running
            }
            case MASTER -> {
                if (yields(v, ad, source)) {
                    stepDown(v);
                }
            }
            case BACKUP -> {
                TransitionReason takeover = takesOver(v, ad);
                if (takeover != null) {
                    masterDown(v, takeover);
                } else {
                    v.mdAt[ipv6 ? 1 : 0] = localNow() + masterDownNanos(v) + late();
                }
            }
        }
    }

    /** MASTER to BACKUP on a preferred master's advertisement. */
    void stepDown(PeerVhid v) {
        v.adAt = NEVER;
        setState(v, CarpState.BACKUP, TransitionReason.PREFERRED_MASTER);
        setRun(v, TransitionReason.RECONFIGURED);
    }

    /** Our advertisement interval, as a timeval in µs (what the sources compare). */
    static long tv(int advbase, int advskew) {
        return advbase * 1_000_000L + advskew * 1_000_000L / 256;
    }

    long ownTv(PeerVhid v) {
        return tv(v.advbase(), ownAdvskew(v));
    }

    /** The guaranteed-timeout rule: 3 x own advbase (and own skew) is less than the master's interval. */
    boolean masterWillTimeOut(PeerVhid v, Advertisement ad) {
        return tv(3 * v.advbase(), ownAdvskew(v)) < tv(ad.advbase(), ad.advskew());
    }

    void masterDown(PeerVhid v, TransitionReason reason) {
        if (v.state != CarpState.BACKUP) {
            return;
        }
        setState(v, CarpState.MASTER, reason);
        sendAd(v, false);
        setRun(v, reason);
    }

    /** carp_setrun: INIT to BACKUP if the carpdev is up, and (re)arm the timers of the state. */
    void setRun(PeerVhid v, TransitionReason reasonFromInit) {
        if (!alive || !carpdevs.get(v.config.carpdev()).up() || v.suppressed || v.config.addresses().isEmpty()) {
            return;
        }
        long now = localNow();
        switch (v.state) {
            case INIT -> {
                setState(v, CarpState.BACKUP, reasonFromInit);
                setRun(v, reasonFromInit);
            }
            case BACKUP -> {
                v.adAt = NEVER;
                v.mdAt[0] = v.v4 ? now + masterDownNanos(v) + late() : NEVER;
                v.mdAt[1] = v.v6 ? now + masterDownNanos(v) + late() : NEVER;
            }
            case MASTER -> v.adAt = now + advertisementNanos(v) + late();
        }
    }

    /** Leaves for INIT (carpdev down), timers off; the addresses go. */
    void toInit(PeerVhid v, TransitionReason reason) {
        v.adAt = NEVER;
        v.mdAt[0] = NEVER;
        v.mdAt[1] = NEVER;
        setState(v, CarpState.INIT, reason);
    }

    void setState(PeerVhid v, CarpState to, TransitionReason reason) {
        CarpState from = v.state;
        if (from == to) {
            return;
        }
        v.state = to;
        if (to == CarpState.MASTER) {
            v.mdAt[0] = NEVER;
            v.mdAt[1] = NEVER;
            addresses.addAll(v.config.addresses());
        } else if (from == CarpState.MASTER) {
            v.config.addresses().forEach(addresses::remove);
        }
        recordTransition(v.config.name(), from, to, reason);
    }

    /** carp_send_ad: one frame per address family, then the next advertisement is due. */
    void sendAd(PeerVhid v, boolean bowOut) {
        int advbase = bowOut ? 255 : v.advbase();
        int advskew = bowOut ? 255 : wireAdvskew(v);
        CarpdevInfo dev = carpdevs.get(v.config.carpdev());
        MacAddress mac = sourceMac(v);
        if (v.v4) {
            Advertisement ad = advertisement(v, advbase, advskew);
            Inet4Address src = dev.ipv4().orElse((Inet4Address) address(new byte[4]));
            sendResult(v, send(v.config.carpdev(), AdvertisementCodec.encodeFrameV4(mac, src, ad,
                    random.nextInt(65536))));
        }
        if (v.v6) {
            Advertisement ad = advertisement(v, advbase, advskew);
            Inet6Address src = dev.linkLocal().orElse((Inet6Address) address(new byte[16]));
            sendResult(v, send(v.config.carpdev(), AdvertisementCodec.encodeFrameV6(mac, src, ad)));
        }
        if (!bowOut && v.state == CarpState.MASTER) {
            v.adAt = localNow() + advertisementNanos(v) + late();
        }
    }

    private Advertisement advertisement(PeerVhid v, int advbase, int advskew) {
        long counter = nextCounter(v);
        return new Advertisement(v.config.vhid(), advskew, wireDemote(), advbase, counter, v.auth.sign(counter));
    }

    /**
     * Every MASTER advertises once more, right after the current event (carp_send_ad_all after a
     * demotion change; FreeBSD queues it as a task, OpenBSD guards against recursion).
     */
    void advertiseMastersSoon() {
        int boot = boots;
        scheduleLocal(localNow(), () -> {
            if (alive && boot == boots) {
                for (PeerVhid v : vhids.values()) {
                    if (v.state == CarpState.MASTER) {
                        sendAd(v, false);
                    }
                }
                rearm();
            }
        });
    }

    long random64() {
        return random.nextLong();
    }

    /** How late a timer armed now fires: (0, tick]. */
    long late() {
        return 1 + random.nextLong(tick());
    }

    private void fireTimers() {
        long now = localNow();
        for (PeerVhid v : vhids.values()) {
            if (v.state == CarpState.BACKUP && (v.mdAt[0] <= now || v.mdAt[1] <= now)) {
                masterDown(v, TransitionReason.MASTER_DOWN);
            }
            if (v.state == CarpState.MASTER && v.adAt <= now) {
                sendAd(v, false);
            }
        }
        rearm();
    }

    /** One pending event at the earliest deadline; older ones are void. */
    final void rearm() {
        if (!alive) {
            return;
        }
        long deadline = NEVER;
        for (PeerVhid v : vhids.values()) {
            deadline = Math.min(deadline, Math.min(v.adAt, Math.min(v.mdAt[0], v.mdAt[1])));
        }
        long generation = ++timerGeneration;
        if (deadline != NEVER) {
            scheduleLocal(deadline, () -> {
                if (alive && generation == timerGeneration) {
                    fireTimers();
                }
            });
        }
    }

    @Override
    public String toString() {
        return name() + " (" + implementation() + ")";
    }
}
