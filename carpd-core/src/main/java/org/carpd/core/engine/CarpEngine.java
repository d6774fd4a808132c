package org.carpd.core.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.GlobalConfig;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.MacAddress;
import org.carpd.core.wire.ReceivedAdvertisement;

/**
 * All of a host's vhids, as a pure object: hand it frames, carpdev changes, commands and
 * timeouts, each with the current monotonic time in nanoseconds; then {@link #poll()} the
 * actions to carry out and ask {@link #nextDeadline()} when to call {@link #onTimeout} again.
 * It never reads a clock, starts a thread or touches the network. Not thread-safe: the daemon
 * drives it from one protocol thread.
 */
public final class CarpEngine {
    private static final Inet4Address ANY_V4 = (Inet4Address) ipv4Any();
    /** The least time between two notices of one kind about one carp interface. */
    private static final long NOTICE_EVERY = 60 * Interval.SECOND;

    private final ArrayDeque<Action> actions = new ArrayDeque<>();
    /** Carp interfaces by name, in configuration order. */
    private final Map<String, VirtualHost> hosts = new LinkedHashMap<>();
    /** Load-balanced carp interfaces by name: one election per carpnode each. */
    private final Map<String, BalancedGroup> balanced = new LinkedHashMap<>();
    private final Map<String, CarpdevInfo> carpdevs = new HashMap<>();
    private final Map<String, Counters> counters = new HashMap<>();
    private final Counters total = new Counters();
    private final DemotionGroups demotion = new DemotionGroups();
    private final RandomGenerator random;
    private final Env env = new Env();
    /** When each (interface, kind of notice) was last said. */
    private final Map<String, Long> noticedAt = new HashMap<>();
    /** When each carp interface last sent an advertisement (a successful send) and heard a peer's. */
    private final Map<String, Long> sentAt = new HashMap<>();
    private final Map<String, Long> heardAt = new HashMap<>();
    private CarpdConfig config;
    private final AdvertisementCounter counter;
    private boolean started;
    private boolean maintenance;

    /**
     * @param initialCounter where our advertisement counter starts; the daemon derives it from
     *                       wall-clock time (1/4096 s since the epoch, times 256) so that it
     *                       keeps increasing across restarts, as replay protection needs
     * @param random         for IP ids only; seeded in simulations
     */
    public CarpEngine(CarpdConfig config, long initialCounter, RandomGenerator random) {
        this.config = config;
        this.counter = new AdvertisementCounter(initialCounter);
        this.random = random;
        for (CarpInterfaceConfig c : config.interfaces()) {
            add(c);
        }
    }

    private void add(CarpInterfaceConfig c) {
        if (c.balancing().balanced()) {
            balanced.put(c.name(), new BalancedGroup(env, c, () -> new ReplayGuard(config.global().replay())));
        } else {
            hosts.put(c.name(), new VirtualHost(env, c, new ReplayGuard(config.global().replay())));
        }
        counters.putIfAbsent(c.name(), new Counters());
    }

    /** Every election: the ordinary vhids, then the carpnodes of the balanced interfaces. */
    private List<VirtualHost> elections() {
        List<VirtualHost> all = new ArrayList<>(hosts.values());
        balanced.values().forEach(g -> all.addAll(g.nodes()));
        return all;
    }

    // --- inputs --------------------------------------------------------------------------

    /** A parent interface appeared, changed address, or lost or regained carrier. */
    public void onCarpdevChanged(long now, String carpdev, CarpdevInfo info) {
        carpdevs.put(carpdev, info);
        for (VirtualHost vh : elections()) {
            if (vh.config().carpdev().equals(carpdev)) {
                vh.carpdevChanged(now, info.up());
            }
        }
    }

    /** An Ethernet frame captured on {@code carpdev}. Never throws on bad input. */
    public void onFrame(long now, String carpdev, byte[] frame, int offset, int length) {
        DecodeResult result = AdvertisementCodec.decodeFrame(frame, offset, length, minTtl(carpdev));
        if (result instanceof DecodeResult.Rejected rejected) {
            drop(carpdev, null, rejected.reason(), rejected.source(), rejected.detail());
            return;
        }
        ReceivedAdvertisement packet = ((DecodeResult.Accepted) result).packet();
        Advertisement ad = packet.advertisement();
        VirtualHost vh = find(carpdev, ad.vhid());
        if (vh == null) {
            boolean carpdevKnown = elections().stream().anyMatch(h -> h.config().carpdev().equals(carpdev));
            drop(carpdev, null, carpdevKnown ? DropReason.BAD_VHID : DropReason.BAD_INTERFACE,
                    packet.source(), "vhid " + ad.vhid());
            return;
        }
        count(vh, packet.ipv6() ? Counter.IPV6_RECEIVED : Counter.IPV4_RECEIVED);
        String name = vh.config().name();
        if (packet.ipv6() ? !vh.hasIpv6() : !vh.hasIpv4()) {
            // A vhid advertises in the families of its addresses; one of the other family is
            // not from a peer of this vhid (and an IPv4-only vhid must not be steered over IPv6).
            drop(carpdev, name, DropReason.BAD_INTERFACE, packet.source(), "vhid " + ad.vhid()
                    + " has no " + (packet.ipv6() ? "IPv6" : "IPv4") + " address");
            return;
        }
        if (!UnicastPeerRules.accepts(this::drop, vh.config(), carpdev, packet)) {
            return;
        }
        if (!vh.authenticator().verify(ad)) {
            drop(carpdev, name, DropReason.BAD_AUTH, packet.source(), "vhid " + ad.vhid());
            if (vh.state() == CarpState.MASTER) {
                count(vh, Counter.AUTH_FAILURES_AS_MASTER);
                notice(now, vh, "auth", packet.source(), "is MASTER while " + packet.source().getHostAddress()
                        + " sends advertisements for vhid " + ad.vhid() + " that fail authentication: both may"
                        + " hold the addresses; check pass and the address list on both");
            }
            return;
        }
        if (vh.isOwnPacket(packet.source(), ad.counter())) {
            drop(carpdev, name, DropReason.OWN_PACKET, packet.source(), "vhid " + ad.vhid());
            return;
        }
        ReplayGuard.Verdict verdict = vh.replayGuard().check(packet.source(), ad.counter());
        if ((verdict == ReplayGuard.Verdict.REPLAY || verdict == ReplayGuard.Verdict.REPLAY_UNPROVEN)
                && vh.replayGuard().acceptsBelowMark(ad.counter())) {
            // A ucarp or FreeBSD host still on its own older chain (see ReplayGuard.acceptsBelowMark).
            count(vh, Counter.BELOW_MARK_ACCEPTED);
            notice(now, vh, "below-mark", packet.source(), "accepts an advertisement from "
                    + packet.source().getHostAddress() + " whose counter is below the vhid's replay mark but above"
                    + " every counter it heard (a ucarp or FreeBSD host that has not heard it since a partition)");
            verdict = ReplayGuard.Verdict.ACCEPTED;
        }
        switch (verdict) {
            case ACCEPTED, ACCEPTED_UNPROVEN -> {
                heardAt.put(name, now);
                vh.input(now, ad, packet.source());
            }
            case ACCEPTED_NEW_UNPROVEN -> {
                heardAt.put(name, now);
                notice(now, vh, "unproven", packet.source(), "accepts advertisements from "
                        + packet.source().getHostAddress() + " whose counter does not count up (an OpenBSD peer's"
                        + " fixed cookie, or a ucarp or FreeBSD peer that has not heard another host yet): replay"
                        + " protection cannot cover that peer's advertisements; 'set replay strict' refuses them");
                vh.input(now, ad, packet.source());
            }
            case REPLAY -> drop(carpdev, name, DropReason.REPLAY, packet.source(),
                    "vhid " + ad.vhid() + " counter " + Long.toUnsignedString(ad.counter()));
            case REPLAY_UNPROVEN -> drop(carpdev, name, DropReason.REPLAY, packet.source(),
                    "vhid " + ad.vhid() + " counter " + Long.toUnsignedString(ad.counter())
                            + " from a sender whose counter does not count up (an OpenBSD peer's cookie, or a"
                            + " ucarp or FreeBSD peer that has not heard another host): 'strict' refuses such"
                            + " peers, 'auto' accepts them while their counter is above the vhid's replay mark");
        }
    }

    /** Fires every timer that is due. */
    public void onTimeout(long now) {
        for (VirtualHost vh : elections()) {
            if (vh.nextDeadline() <= now) {
                vh.onTimeout(now);
            }
        }
    }

    /** The outcome of carrying out a {@link Action.Transmit}. */
    public void onSendResult(long now, Action.Transmit sent, boolean ok) {
        VirtualHost vh = hosts.get(sent.carpInterface());
        if (vh == null) {
            vh = BalancedEngine.sender(balanced.get(sent.carpInterface()), sent);
        }
        if (vh == null) {
            return;
        }
        count(vh, ok ? (sent.ipv6() ? Counter.IPV6_SENT : Counter.IPV4_SENT) : Counter.SEND_FAILURES);
        if (ok) {
            sentAt.put(sent.carpInterface(), now);
        }
        vh.sendResult(now, sent.ipv6(), ok);
    }

    /**
     * Replaces the running configuration (already validated). Interfaces that disappear bow out
     * and release their addresses and demotions; new ones start (BACKUP if their carpdev is up);
     * changed ones are adjusted in place, or recreated if their carpdev or vhid changed.
     */
    public void applyConfig(long now, CarpdConfig next) {
        GlobalConfig previousGlobal = config.global();
        this.config = next;
        Map<String, CarpInterfaceConfig> wanted = new LinkedHashMap<>();
        for (CarpInterfaceConfig c : next.interfaces()) {
            wanted.put(c.name(), c);
        }
        BalancedEngine.applyConfig(now, balanced, wanted, started, carpdevs,
                c -> new BalancedGroup(env, c, () -> new ReplayGuard(next.global().replay())),
                next.global().replay(), previousGlobal.replay() != next.global().replay());
        balanced.keySet().forEach(n -> counters.putIfAbsent(n, new Counters()));
        for (VirtualHost vh : new ArrayList<>(hosts.values())) {
            CarpInterfaceConfig c = wanted.get(vh.config().name());
            if (c == null || c.balancing().balanced()
                    || !c.carpdev().equals(vh.config().carpdev()) || c.vhid() != vh.config().vhid()) {
                vh.shutdown(now, false);
                hosts.remove(vh.config().name());
            }
        }
        Map<String, VirtualHost> reordered = new LinkedHashMap<>();
        for (CarpInterfaceConfig c : next.interfaces()) {
            if (c.balancing().balanced()) {
                continue;
            }
            VirtualHost vh = hosts.get(c.name());
            if (vh == null) {
                vh = new VirtualHost(env, c, new ReplayGuard(next.global().replay()));
                counters.putIfAbsent(c.name(), new Counters());
                CarpdevInfo info = carpdevs.get(c.carpdev());
                reordered.put(c.name(), vh);
                if (info != null) {
                    vh.carpdevChanged(now, info.up());
                }
                if (started) {
                    vh.start(now);
                }
            } else {
                if (previousGlobal.replay() != next.global().replay()) {
                    vh.replayGuard().setPolicy(next.global().replay());
                }
                if (!vh.config().equals(c)) {
                    vh.reconfigure(now, c);
                }
                reordered.put(c.name(), vh);
            }
        }
        hosts.clear();
        hosts.putAll(reordered);
        counters.keySet().removeIf(n -> !hosts.containsKey(n) && !balanced.containsKey(n));
        sentAt.keySet().removeIf(n -> !hosts.containsKey(n) && !balanced.containsKey(n));
        heardAt.keySet().removeIf(n -> !hosts.containsKey(n) && !balanced.containsKey(n));
        // A group without members is gone, and its operator demotion with it (as in OpenBSD).
        Set<String> groupsInUse = new HashSet<>();
        elections().forEach(vh -> groupsInUse.addAll(vh.config().groups()));
        demotion.retain(groupsInUse);
    }

    /** {@code carpctl carp0 state master|backup}. */
    public void forceState(long now, String carpInterface, CarpState target) {
        BalancedGroup g = balanced.get(carpInterface);
        if (g != null) {
            for (VirtualHost vh : g.nodes()) {
                vh.forceState(now, target);
            }
            return;
        }
        require(carpInterface).forceState(now, target);
    }

    /**
     * Maintenance mode: while on, no vhid becomes MASTER, whatever it hears or does not hear;
     * MASTERs bow out at once (a planned handover) and stay BACKUP. May be set before {@link #start}.
     */
    public void setMaintenance(long now, boolean on) {
        if (on == maintenance) {
            return;
        }
        maintenance = on;
        for (VirtualHost vh : elections()) {
            vh.maintenanceChanged(now, on);
        }
    }

    public boolean maintenance() {
        return maintenance;
    }

    /** Sets a group's demotion counter (0..255). */
    public void setGroupDemotion(long now, String group, int value) {
        int from = demotion.get(group);
        int to = demotion.set(group, value);
        demotionChanged(now, group, from, to, "set by operator");
    }

    /**
     * Sets {@code holder}'s own share of a group's demotion (a health tracker's weight while it
     * fails; 0 releases it). Shares are kept apart from the operator's counter: setting the same
     * share again changes nothing, and releasing it takes away exactly what it added.
     *
     * @return the group's new value
     * @throws IllegalArgumentException if {@code share} is not 0..255, or it is not 0 and no carp
     *                                  interface is in the group
     */
    public int holdGroupDemotion(long now, String holder, String group, int share, String why) {
        if (share != 0 && elections().stream().noneMatch(vh -> vh.config().groups().contains(group))) {
            throw new IllegalArgumentException("no carp interface is in group " + group);
        }
        int from = demotion.get(group);
        int to = demotion.hold(holder, group, share);
        demotionChanged(now, group, from, to, why);
        return to;
    }

    /**
     * {@code carpctl -g GROUP carpdemote N}, as OpenBSD's {@code ifconfig -g GROUP carpdemote N}:
     * adds N (negative lowers) to the group's counter, clamped to 0..255; returns the new value.
     *
     * @throws IllegalArgumentException if no carp interface is in the group, or |N| > 255
     */
    public int adjustGroupDemotion(long now, String group, int delta) {
        if (delta < -DemotionGroups.MAX || delta > DemotionGroups.MAX) {
            throw new IllegalArgumentException("carpdemote must be -255..255: " + delta);
        }
        if (elections().stream().noneMatch(vh -> vh.config().groups().contains(group))) {
            throw new IllegalArgumentException("no carp interface is in group " + group);
        }
        int from = demotion.get(group);
        int to = demotion.adjust(group, delta);
        demotionChanged(now, group, from, to, "adjusted by operator");
        return to;
    }

    /**
     * Every vhid bows out and releases its addresses; the engine is then idle and stays so, even
     * if a carpdev comes back up. A MASTER keeps its addresses until the new master has them
     * (its advertisements are heard) or at most a second: keep feeding frames and timeouts while
     * {@link #holdsAddresses()}.
     */
    public void shutdown(long now) {
        started = false;
        for (VirtualHost vh : elections()) {
            vh.shutdown(now, true);
        }
    }

    /**
     * True while some vhid that left MASTER in a planned handover (stop, {@code state backup}, a
     * preferred master) still keeps its addresses for the new master; its
     * {@link Action.RemoveAddresses} comes later, by {@link #nextDeadline()} at the latest.
     */
    public boolean holdsAddresses() {
        for (VirtualHost vh : elections()) {
            if (vh.holdsAddresses()) {
                return true;
            }
        }
        return false;
    }

    /** Ends every such hold now: their {@link Action.RemoveAddresses} are queued. */
    public void releaseHeldAddresses() {
        for (VirtualHost vh : elections()) {
            vh.releaseHeldAddresses();
        }
    }

    /**
     * Starts every vhid: those whose carpdev is up go from INIT to BACKUP. Report the carpdevs
     * with {@link #onCarpdevChanged} first; vhids added later by {@link #applyConfig} start at once.
     */
    public void start(long now) {
        started = true;
        counter.start(now);
        for (VirtualHost vh : elections()) {
            vh.start(now);
        }
    }

    // --- outputs -------------------------------------------------------------------------

    /** The next action to carry out, or null when there is none. */
    public Action poll() {
        return actions.poll();
    }

    /** When {@link #onTimeout} must next be called; {@link Long#MAX_VALUE} if never. */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (VirtualHost vh : elections()) {
            next = Math.min(next, vh.nextDeadline());
        }
        return next;
    }

    // --- queries -------------------------------------------------------------------------

    public CarpdConfig config() {
        return config;
    }

    /** The last advertisement counter used (or the initial one); to persist across restarts. */
    public long counter() {
        return counter.last();
    }

    /**
     * Each vhid's replay memory (its high-water mark and the senders it knows), keyed
     * {@code "CARPDEV VHID"}; to persist across restarts with {@link #counter()}.
     */
    public Map<String, ReplayMemory> replayMemory() {
        Map<String, ReplayMemory> out = new LinkedHashMap<>();
        for (VirtualHost vh : elections()) {
            ReplayGuard guard = vh.replayGuard();
            if (guard.hasMark()) {
                out.put(markKey(vh.config()), guard.memory());
            }
        }
        return out;
    }

    /** Restores what {@link #replayMemory()} saved in an earlier run; call before {@link #start}. */
    public void restoreReplayMemory(Map<String, ReplayMemory> saved) {
        for (VirtualHost vh : elections()) {
            ReplayMemory m = saved.get(markKey(vh.config()));
            if (m != null) {
                vh.replayGuard().restore(m);
            }
        }
    }

    private static String markKey(CarpInterfaceConfig c) {
        return c.carpdev() + " " + c.vhid();
    }

    public List<VirtualHostStatus> status() {
        List<VirtualHostStatus> list = new ArrayList<>();
        for (CarpInterfaceConfig ic : config.interfaces()) {
            VirtualHost vh = hosts.get(ic.name());
            BalancedGroup g = balanced.get(ic.name());
            if (vh != null) {
                CarpInterfaceConfig c = vh.config();
                list.add(new VirtualHostStatus(c.name(), c.carpdev(), c.vhid(), vh.state(), c.advbase(),
                        c.advskew(), env.demote(vh), c.up(), vh.carpdevUp(), c.addresses(), c.peers()));
            } else if (g != null) {
                // One line per interface: the first carpnode's vhid, MASTER while any bucket is served.
                VirtualHost first = g.nodes().get(0);
                CarpInterfaceConfig c = g.config();
                list.add(new VirtualHostStatus(c.name(), c.carpdev(), c.vhid(), g.summaryState(), c.advbase(),
                        c.advskew(), env.demote(first), c.up(), first.carpdevUp(), c.addresses(), c.peers()));
            }
        }
        return list;
    }

    /** When the carp interface last sent an advertisement successfully (engine time), if ever. */
    public java.util.OptionalLong lastSent(String carpInterface) {
        Long t = sentAt.get(carpInterface);
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    /** When the carp interface last heard a valid advertisement from another host (engine time), if ever. */
    public java.util.OptionalLong lastHeard(String carpInterface) {
        Long t = heardAt.get(carpInterface);
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    /** Each load-balanced interface's carpnodes and the buckets this host serves. */
    public List<BalancedStatus> balancedStatus() {
        return BalancedEngine.status(balanced.values());
    }

    public CarpState state(String carpInterface) {
        BalancedGroup g = balanced.get(carpInterface);
        return g != null ? g.summaryState() : require(carpInterface).state();
    }

    /** Counters of one carp interface. */
    public Counters counters(String carpInterface) {
        Counters c = counters.get(carpInterface);
        if (c == null) {
            throw new IllegalArgumentException("no such carp interface: " + carpInterface);
        }
        return c;
    }

    /** Counters over all interfaces, including packets no interface could claim. */
    public Counters totalCounters() {
        return total;
    }

    public void resetCounters() {
        total.reset();
        counters.values().forEach(Counters::reset);
    }

    public DemotionGroups demotion() {
        return demotion;
    }

    // --- internals -----------------------------------------------------------------------

    /** A byte that differs between the hosts of a segment: a mix of our MAC and IPv4 source. */
    private int hostByte(VirtualHost vh) {
        CarpdevInfo info = carpdevs.get(vh.config().carpdev());
        if (info == null) {
            return 0;
        }
        int h = info.mac().hashCode() * 31 + info.ipv4().map(Object::hashCode).orElse(0);
        return (h ^ h >>> 8 ^ h >>> 16 ^ h >>> 24) & 0xff;
    }

    private VirtualHost require(String carpInterface) {
        VirtualHost vh = hosts.get(carpInterface);
        if (vh == null) {
            throw new IllegalArgumentException("no such carp interface: " + carpInterface);
        }
        return vh;
    }

    /** The least TTL any vhid on {@code carpdev} accepts (from its peers): 255 unless one relaxed it. */
    private int minTtl(String carpdev) {
        int min = AdvertisementCodec.TTL;
        for (VirtualHost vh : elections()) {
            CarpInterfaceConfig c = vh.config();
            if (!c.peers().isEmpty() && c.carpdev().equals(carpdev)) {
                min = Math.min(min, c.peers().minTtl());
            }
        }
        return min;
    }

    private VirtualHost find(String carpdev, int vhid) {
        for (VirtualHost vh : elections()) {
            if (vh.config().vhid() == vhid && vh.config().carpdev().equals(carpdev)) {
                return vh;
            }
        }
        return null;
    }

    private void count(VirtualHost vh, Counter c) {
        count(vh.config().name(), c);
    }

    private void count(String carpInterface, Counter c) {
        counters.get(carpInterface).increment(c);
        total.increment(c);
    }

    private void drop(String carpdev, String carpInterface, DropReason reason, InetAddress source, String detail) {
        Counter c = Counter.of(reason);
        total.increment(c);
        if (carpInterface != null) {
            counters.get(carpInterface).increment(c);
        }
        actions.add(new Action.PacketDropped(carpdev, carpInterface, reason, source, detail));
    }

    /** A {@link Action.PeerNotice}, at most once a minute per interface and kind. */
    private void notice(long now, VirtualHost vh, String kind, InetAddress source, String message) {
        String key = vh.config().name() + ' ' + kind;
        Long last = noticedAt.get(key);
        if (last != null && now - last < NOTICE_EVERY) {
            return;
        }
        noticedAt.put(key, now);
        actions.add(new Action.PeerNotice(vh.config().name(), source, vh.config().name() + " " + message));
    }

    private void demotionChanged(long now, String group, int from, int to, String why) {
        if (from == to) {
            return;
        }
        actions.add(new Action.DemotionChanged(group, from, to, why));
        if (!started) {
            return; // stopping: every vhid bows out anyway
        }
        // Tell the peers at once, as OpenBSD does, so a demoted host hands over without delay.
        for (VirtualHost vh : elections()) {
            if (vh.config().groups().contains(group)) {
                if (vh.state() == CarpState.MASTER) {
                    vh.sendAdvertisement(now);
                } else {
                    vh.demotionChanged(now);
                }
            }
        }
    }

    private static InetAddress ipv4Any() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** What the vhids see of the engine. */
    private final class Env implements VirtualHost.Environment {
        @Override
        public int demote(VirtualHost vh) {
            return demotion.demoteOf(vh.config().groups());
        }

        @Override
        public boolean preempt() {
            return config.global().preempt();
        }

        @Override
        public boolean maintenance() {
            return maintenance;
        }

        @Override
        public int announceRepeat() {
            return config.global().announceRepeat();
        }

        /** The source our advertisements towards {@code other} leave with (0.0.0.0 without an IPv4 address). */
        @Override
        public InetAddress localSource(VirtualHost vh, InetAddress other) {
            CarpdevInfo info = carpdevs.get(vh.config().carpdev());
            if (info == null) {
                return null;
            }
            if (other instanceof Inet4Address) {
                return info.ipv4().orElse(ANY_V4);
            }
            return UnicastPeerRules.ipv6Source(info, vh.config().peers(), other);
        }

        @Override
        public void transmit(long now, VirtualHost vh, int advbase, int advskew, int demote) {
            ReplayGuard guard = vh.replayGuard();
            long c = counter.next(now, guard.hasMark() || guard.sendFloor() != 0, guard.sendFloor(), hostByte(vh));
            vh.replayGuard().sent(c);
            Advertisement ad = new Advertisement(vh.config().vhid(), advskew, demote, advbase, c,
                    vh.authenticator().sign(c));
            CarpdevInfo info = carpdevs.get(vh.config().carpdev());
            if (info == null) {
                return; // carpdev unknown: nothing to send from
            }
            String carpdev = vh.config().carpdev();
            String name = vh.config().name();
            // The carp interface's own MAC (lladdr) as source: switches learn it on the master's port.
            MacAddress mac = vh.config().lladdr().mac(vh.config().vhid()).orElse(info.mac());
            if (vh.hasIpv4()) {
                List<InetAddress> peers = vh.config().peers().of(false);
                Inet4Address src = info.ipv4().orElse(ANY_V4);
                if (peers.isEmpty()) {
                    actions.add(new Action.Transmit(carpdev, name, false,
                            AdvertisementCodec.encodeFrameV4(mac, src, ad, random.nextInt(1 << 16))));
                }
                for (InetAddress peer : peers) {
                    actions.add(new Action.Transmit(carpdev, name, false, AdvertisementCodec.encodePacketV4(src,
                            (Inet4Address) peer, ad, random.nextInt(1 << 16)), peer));
                }
            }
            if (vh.hasIpv6()) {
                List<InetAddress> peers = vh.config().peers().of(true);
                if (peers.isEmpty()) {
                    Inet6Address src = info.linkLocal().orElse(null);
                    // Without a link-local source the frame cannot be built: an empty Transmit, which the
                    // driver reports as a failed send, so the vhid demotes as on any send failure.
                    actions.add(new Action.Transmit(carpdev, name, true, src == null ? new byte[0]
                            : AdvertisementCodec.encodeFrameV6(mac, src, ad)));
                }
                for (InetAddress peer : peers) {
                    Inet6Address src = (Inet6Address) UnicastPeerRules.ipv6Source(info, vh.config().peers(), peer);
                    actions.add(new Action.Transmit(carpdev, name, true, src == null ? new byte[0]
                            : AdvertisementCodec.encodePacketV6(src, (Inet6Address) peer, ad), peer));
                }
            }
        }

        @Override
        public void adjustDemotion(long now, List<String> groups, int delta, String why) {
            for (String group : groups) {
                int from = demotion.get(group);
                int to = demotion.adjust(group, delta);
                demotionChanged(now, group, from, to, why);
            }
        }

        @Override
        public void emit(Action action) {
            if (action instanceof Action.StateChanged sc) {
                count(sc.carpInterface(), Counter.TRANSITIONS);
            }
            actions.add(action);
        }
    }
}
