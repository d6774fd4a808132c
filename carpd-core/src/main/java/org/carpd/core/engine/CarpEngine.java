package org.carpd.core.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.GlobalConfig;
import org.carpd.core.config.ReplayPolicy;

/**
 * All of a host's vhids, as a pure object: hand it frames, carpdev changes, commands and
 * timeouts, each with the current monotonic time in nanoseconds; then {@link #poll()} the
 * actions to carry out and ask {@link #nextDeadline()} when to call {@link #onTimeout} again.
 * It never reads a clock, starts a thread or touches the network. Not thread-safe: the daemon
 * drives it from one protocol thread.
 */
public final class CarpEngine {
    private final ArrayDeque<Action> actions = new ArrayDeque<>();
    /** Carp interfaces by name, in configuration order. */
    private final Map<String, VirtualHost> hosts = new LinkedHashMap<>();
    /** Load-balanced carp interfaces by name: one election per carpnode each. */
    private final Map<String, BalancedGroup> balanced = new LinkedHashMap<>();
    private final Map<String, CarpdevInfo> carpdevs = new HashMap<>();
    private final EngineRecords records = new EngineRecords(actions);
    private final DemotionGroups demotion = new DemotionGroups();
    private final FrameInput frames = new FrameInput(records, this::elections);
    private final EngineEnvironment env;
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
        this.env = new EngineEnvironment(this, carpdevs, demotion, counter, random, actions, records);
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
        records.track(c.name());
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
        frames.onFrame(now, carpdev, frame, offset, length);
    }

    /** Fires every timer that is due. */
    public void onTimeout(long now) {
        for (VirtualHost vh : elections()) {
            if (vh.nextDeadline() <= now) {
                vh.onTimeout(now);
            }
        }
    }

    /**
     * Only the MASTERs' advertisements that are due, no other timer: after the host stalled (a GC
     * pause, a busy CPU) a late advertisement goes out at once, while the backups' master-down
     * timers wait until the frames queued meanwhile have been heard (then {@link #onTimeout}).
     */
    public void advertiseDue(long now) {
        for (VirtualHost vh : elections()) {
            vh.advertiseIfDue(now);
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
        records.count(vh, ok ? (sent.ipv6() ? Counter.IPV6_SENT : Counter.IPV4_SENT) : Counter.SEND_FAILURES);
        if (ok) {
            records.sent(sent.carpInterface(), now);
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
        ReplayPolicy replay = next.global().replay();
        boolean replayChanged = previousGlobal.replay() != replay;
        // Counters first: a new balanced group starts inside BalancedEngine.applyConfig and
        // counts its first transition at once.
        next.interfaces().stream().filter(c -> c.balancing().balanced()).forEach(c -> records.track(c.name()));
        BalancedEngine.applyConfig(now, balanced, wanted, started, carpdevs,
                c -> new BalancedGroup(env, c, () -> new ReplayGuard(replay)), replay, replayChanged);
        OrdinaryEngine.applyConfig(now, hosts, wanted, started, carpdevs, c -> {
            records.track(c.name());
            return new VirtualHost(env, c, new ReplayGuard(replay));
        }, replay, replayChanged);
        Set<String> names = new HashSet<>(hosts.keySet());
        names.addAll(balanced.keySet());
        records.retain(names);
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
        return ReplayMemories.save(elections());
    }

    /** Restores what {@link #replayMemory()} saved in an earlier run; call before {@link #start}. */
    public void restoreReplayMemory(Map<String, ReplayMemory> saved) {
        ReplayMemories.restore(elections(), saved);
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
    public OptionalLong lastSent(String carpInterface) {
        return records.lastSent(carpInterface);
    }

    /** When the carp interface last heard a valid advertisement from another host (engine time), if ever. */
    public OptionalLong lastHeard(String carpInterface) {
        return records.lastHeard(carpInterface);
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
        Counters c = records.counters(carpInterface);
        if (c == null) {
            throw new IllegalArgumentException("no such carp interface: " + carpInterface);
        }
        return c;
    }

    /** Counters over all interfaces, including packets no interface could claim. */
    public Counters totalCounters() {
        return records.total();
    }

    public void resetCounters() {
        records.reset();
    }

    public DemotionGroups demotion() {
        return demotion;
    }

    // --- internals -----------------------------------------------------------------------

    private VirtualHost require(String carpInterface) {
        VirtualHost vh = hosts.get(carpInterface);
        if (vh == null) {
            throw new IllegalArgumentException("no such carp interface: " + carpInterface);
        }
        return vh;
    }

    /** A group's demotion went from {@code from} to {@code to}: said, and told to its vhids. */
    void demotionChanged(long now, String group, int from, int to, String why) {
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
}
