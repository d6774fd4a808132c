package org.carpd.testing.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.GlobalConfig;
import org.carpd.core.config.Hooks;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Interval;

/**
 * One random LAN drawn from a seed: carpd nodes only, or a mixed cluster of carpd beside ucarp,
 * FreeBSD and OpenBSD models; with its random faults and the checks the randomized test makes.
 */
final class RandomWorld {
    final SimulatedLan lan;
    final SplittableRandom rnd;
    final boolean mixed;
    final List<String> vhids = new ArrayList<>();
    /** The configuration of each carpd host, to restore when the faults stop. */
    final Map<SimHost, CarpdConfig> configs = new HashMap<>();
    /** What the operator added to group carp, per engine (a restarted host has a new one). */
    final Map<Object, Integer> operatorDemotion = new IdentityHashMap<>();
    long maxInterval;

    RandomWorld(long seed, boolean mixed) {
        this.mixed = mixed;
        lan = new SimulatedLan(seed);
        if (mixed) {
            rnd = new SplittableRandom(seed ^ 0x3C6EF372FE94F82AL);
            drawMixed();
        } else {
            rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
            drawCarpdOnly();
        }
    }

    /** 2 to 4 carpd nodes, 1 or 2 vhids, any timing, policy and address families. */
    private void drawCarpdOnly() {
        int nodes = 2 + rnd.nextInt(3);
        int vhidCount = 1 + rnd.nextInt(2);
        boolean fast = rnd.nextInt(4) == 0;
        boolean preempt = rnd.nextBoolean();
        ReplayPolicy replay = ReplayPolicy.values()[rnd.nextInt(3)];
        int families = rnd.nextInt(3); // 0 v4, 1 v6, 2 both
        for (int v = 1; v <= vhidCount; v++) {
            vhids.add("carp" + v);
        }
        for (int i = 0; i < nodes; i++) {
            List<CarpInterfaceConfig> ifs = new ArrayList<>();
            for (int v = 1; v <= vhidCount; v++) {
                int advbase = fast ? 0 : 1 + rnd.nextInt(2);
                int advskew = fast ? 8 + rnd.nextInt(57) : rnd.nextInt(255);
                maxInterval = Math.max(maxInterval, Interval.of(advbase, advskew));
                ifs.add(carp(v, advbase, advskew, families));
            }
            CarpdConfig cfg = new CarpdConfig(new GlobalConfig(preempt, replay, 2, Hooks.NONE, Optional.empty()), ifs);
            SimNode n = lan.addNode("n" + i, cfg);
            configs.put(n, cfg);
            n.start();
        }
    }

    /**
     * 2 to 4 hosts: n0 is carpd, each other one carpd (one in four) or a peer of a random kind,
     * at least one peer; timers identical on every host or drawn per host (advbase 1 or 2, which
     * every peer accepts); preemption per host. With a ucarp peer every vhid has one IPv4
     * address (all ucarp takes). carpd's replay policy: auto or off beside an OpenBSD peer (its
     * counter never changes), any otherwise.
     */
    private void drawMixed() {
        int hosts = 2 + rnd.nextInt(3);
        int vhidCount = 1 + rnd.nextInt(2);
        boolean identical = rnd.nextBoolean();
        List<PeerKind> kinds = new ArrayList<>();
        kinds.add(null);
        for (int i = 1; i < hosts; i++) {
            kinds.add(rnd.nextInt(4) == 0 ? null : PeerKind.values()[rnd.nextInt(3)]);
        }
        if (Boolean.getBoolean("carpd.sim.peersOnly")) {
            for (int i = 0; i < hosts; i++) {
                kinds.set(i, PeerKind.values()[rnd.nextInt(3)]);
            }
        }
        if (kinds.stream().allMatch(k -> k == null)) {
            kinds.set(hosts - 1, PeerKind.values()[rnd.nextInt(3)]);
        }
        int families = kinds.contains(PeerKind.UCARP) ? 0 : rnd.nextInt(3);
        // What the operator guide tells each mix to set: strict refuses peers whose counter does
        // not count (OpenBSD's cookie; ucarp and FreeBSD until they hear another host), so it is
        // for carpd-only groups; auto follows one adopting peer kind beside carpd, or OpenBSD; two
        // or more adopting peers (ucarp, FreeBSD), or one beside OpenBSD, adopt each other's
        // random counters and cookies, which no replay rule can follow: off.
        long adopting = kinds.stream().filter(k -> k == PeerKind.UCARP || k == PeerKind.FREEBSD).count();
        boolean onlyCarpd = kinds.stream().allMatch(k -> k == null);
        ReplayPolicy replay = onlyCarpd ? ReplayPolicy.values()[rnd.nextInt(3)]
                : adopting >= 2 || adopting == 1 && kinds.contains(PeerKind.OPENBSD) ? ReplayPolicy.OFF
                : rnd.nextBoolean() ? ReplayPolicy.AUTO : ReplayPolicy.OFF;
        int[][] timers = new int[vhidCount][];
        for (int v = 0; v < vhidCount; v++) {
            timers[v] = new int[] {1 + rnd.nextInt(2), rnd.nextInt(241)};
        }
        for (int v = 1; v <= vhidCount; v++) {
            vhids.add("carp" + v);
        }
        for (int i = 0; i < hosts; i++) {
            boolean preempt = rnd.nextBoolean();
            List<CarpInterfaceConfig> ifs = new ArrayList<>();
            for (int v = 1; v <= vhidCount; v++) {
                int advbase = identical ? timers[v - 1][0] : 1 + rnd.nextInt(2);
                int advskew = identical ? timers[v - 1][1] : rnd.nextInt(241);
                ifs.add(carp(v, advbase, advskew, families));
            }
            SimHost h;
            if (kinds.get(i) == null) {
                CarpdConfig cfg = PeerSettings.forPeers(new CarpdConfig(
                        new GlobalConfig(preempt, replay, 2, Hooks.NONE, Optional.empty()), ifs), kinds);
                h = lan.addNode("carpd" + i, cfg);
                configs.put(h, cfg);
            } else {
                h = lan.addPeer(kinds.get(i), kinds.get(i).name().toLowerCase() + i, preempt,
                        ifs.toArray(CarpInterfaceConfig[]::new));
            }
            for (String vhid : vhids) {
                maxInterval = Math.max(maxInterval, h.maxAdvertisementInterval(vhid));
            }
            h.start();
        }
    }

    private static CarpInterfaceConfig carp(int v, int advbase, int advskew, int families) {
        List<String> addrs = new ArrayList<>();
        if (families != 1) {
            addrs.add("198.51.100." + v + "/24");
        }
        if (families != 0) {
            addrs.add("2001:db8::" + v + "/64");
        }
        return TestConfigs.carp("carp" + v, "eth0", v, advbase, advskew, "pw" + v, addrs.toArray(String[]::new));
    }

    List<SimHost> alive() {
        return lan.hosts().stream().filter(SimHost::alive).toList();
    }

    /** The longest advertisement interval of any host now (demotions may have raised one). */
    long currentMaxInterval() {
        long max = maxInterval;
        for (SimHost h : lan.hosts()) {
            for (String v : vhids) {
                max = Math.max(max, h.maxAdvertisementInterval(v));
            }
        }
        return max;
    }

    /** The longest master-down wait of any host, with its timer slack. */
    long maxMasterDown() {
        long max = 0;
        for (SimHost h : lan.hosts()) {
            for (String v : vhids) {
                max = Math.max(max, h.masterDownInterval(v) + h.timerSlack());
            }
        }
        return max;
    }

    String describe() {
        StringBuilder b = new StringBuilder("seed " + lan.seed() + " (replay with -Dcarpd.sim.seed=" + lan.seed() + "): ");
        for (SimHost h : lan.hosts()) {
            List<CarpInterfaceConfig> ifs = h instanceof PeerNode p ? p.configs : configs.get(h).interfaces();
            b.append("\n  ").append(h).append(h instanceof PeerNode p ? ": preempt " + p.preempt
                    : ": preempt " + configs.get(h).global().preempt() + ", replay " + configs.get(h).global().replay()
                    + ", demotion now " + ((SimNode) h).engine().demotion().get("carp"));
            for (CarpInterfaceConfig c : ifs) {
                b.append("; ").append(c.name()).append(" advbase ").append(c.advbase()).append(" advskew ")
                        .append(c.advskew()).append(' ').append(c.addresses());
            }
        }
        b.append("\ntransitions:\n");
        b.append(String.join("\n", lan.transitions().stream().map(Transition::toString).toList()));
        return b.toString();
    }

    /** Masters of each vhid must be exactly {@code expected} at every step over {@code span}. */
    void assertMastersThroughout(long span, int expected, String phase) {
        long step = Math.max(maxInterval / 5, 1);
        for (long t = 0; t <= span; t += step) {
            for (String v : vhids) {
                int masters = lan.masters(v).size();
                if (masters != expected) {
                    fail(phase + ": " + masters + " masters of " + v + " at " + lan.clock().now() / 1e9 + "s; " + describe());
                }
            }
            lan.runFor(step);
        }
    }

    /**
     * Two masters of a vhid must never last longer than one interval and a packet delay (each
     * hears the other's next advertisement), and by {@code bound} every vhid must have exactly
     * one master, for two intervals. Hosts must not start or die meanwhile: the masters are
     * followed exactly, transition by transition (beside a ucarp or FreeBSD master still on an
     * older counter after a partition too: carpd accepts it, see ReplayGuard.acceptsBelowMark).
     */
    void awaitOneMaster(long bound, String phase) {
        long step = Math.max(maxInterval / 5, 1);
        long overlapLimit = maxInterval + RandomizedFaultsTest.TICK;
        Map<String, Set<String>> masters = new HashMap<>();
        Map<String, Long> overlapSince = new HashMap<>();
        long start = lan.clock().now();
        for (String v : vhids) {
            masters.put(v, new HashSet<>(lan.masters(v).stream().map(SimHost::name).toList()));
            if (masters.get(v).size() > 1) {
                overlapSince.put(v, start);
            }
        }
        int seen = lan.transitions().size();
        long stableSince = -1;
        while (true) {
            lan.runFor(step);
            long now = lan.clock().now();
            List<Transition> news = lan.transitionsFrom(seen);
            seen += news.size();
            for (Transition t : news) {
                Set<String> m = masters.get(t.carpInterface());
                if (t.to() == CarpState.MASTER) {
                    m.add(t.node());
                } else {
                    m.remove(t.node());
                }
                checkOverlap(t.carpInterface(), m.size(), t.at(), overlapSince, overlapLimit, phase);
            }
            boolean allOne = true;
            for (String v : vhids) {
                checkOverlap(v, masters.get(v).size(), now, overlapSince, overlapLimit, phase);
                allOne &= lan.masters(v).size() == 1;
            }
            stableSince = allOne ? (stableSince < 0 ? now : stableSince) : -1;
            if (stableSince >= 0 && now - stableSince >= 2 * maxInterval) {
                return;
            }
            if (now > bound) {
                fail(phase + ": no single master of every vhid by " + bound / 1e9 + "s; " + describe());
            }
        }
    }

    private void checkOverlap(String v, int masters, long at, Map<String, Long> since, long limit, String phase) {
        if (masters < 2) {
            since.remove(v);
            return;
        }
        long from = since.computeIfAbsent(v, k -> at);
        if (at - from > limit) {
            fail(phase + ": " + masters + " masters of " + v + " from " + from / 1e9 + "s to at least "
                    + at / 1e9 + "s; " + describe());
        }
    }

    void assertAddressesFollowMasters(String phase) {
        for (SimHost n : alive()) {
            Set<VirtualAddress> expected = new HashSet<>();
            List<CarpInterfaceConfig> ifs = n instanceof SimNode s ? s.engine().config().interfaces() : ((PeerNode) n).configs;
            for (CarpInterfaceConfig c : ifs) {
                if (n.state(c.name()) == CarpState.MASTER) {
                    expected.addAll(c.addresses());
                }
            }
            assertEquals(expected, n.addresses(), phase + ": " + n.name() + " addresses; " + describe());
        }
    }

    /** First MASTER transition of {@code vhid} at or after {@code since}, or -1. */
    long firstMasterSince(String vhid, long since) {
        return lan.transitions().stream()
                .filter(t -> t.carpInterface().equals(vhid) && t.to() == CarpState.MASTER && t.at() >= since)
                .mapToLong(Transition::at).min().orElse(-1);
    }

    /** Faults stop: a clean LAN, links up, sends work, original configurations, no operator demotion, all running. */
    void stopFaults() {
        lan.setConditions(LinkConditions.PERFECT);
        lan.heal();
        for (SimHost n : lan.hosts()) {
            if (n.sendFails() || n.everFailedToSend()) {
                // A repaired NIC: its link goes down and up, which lifts carpd's send-failure
                // demotion (nothing else does while BACKUP, so that a broken NIC never cycles).
                n.setSendFails(false);
                n.setLink(false);
            }
            n.setLink(true);
            if (n instanceof SimNode s) {
                s.apply(configs.get(s));
                int demotion = operatorDemotion.getOrDefault(s.engine(), 0);
                if (!s.alive()) {
                    s.start();
                } else if (demotion > 0) {
                    s.command(e -> e.adjustGroupDemotion(s.localNow(), "carp", -demotion));
                }
            } else if (!n.alive()) {
                n.start();
            } else {
                int demotion = operatorDemotion.getOrDefault(n, 0);
                if (demotion > 0) {
                    ((PeerNode) n).adjustDemotion(-demotion);
                    operatorDemotion.remove(n);
                }
            }
        }
    }

    void injectFault() {
        List<SimHost> hosts = lan.hosts();
        SimHost host = hosts.get(rnd.nextInt(hosts.size()));
        String vhid = vhids.get(rnd.nextInt(vhids.size()));
        long interval = maxInterval;
        int fault = rnd.nextInt(13);
        if (host instanceof SimNode node) {
            carpdFault(fault, node, vhid, interval);
        } else if (fault == 9) {
            if (host.alive() && !(host instanceof UcarpPeer)) {
                int delta = rnd.nextInt(1, host instanceof FreeBsdPeer ? 241 : 3);
                ((PeerNode) host).adjustDemotion(delta);
                operatorDemotion.merge(host, delta, Integer::sum);
            }
        } else if (fault == 3 && alive().size() > 1 && host.alive()) {
            host.crash();
            operatorDemotion.remove(host); // it boots with none
        } else if (fault != 7 && fault != 8 && fault != 10) {
            commonFault(fault, host, interval);
        }
    }

    private void commonFault(int fault, SimHost node, long interval) {
        switch (fault) {
            case 0 -> lan.setConditions(new LinkConditions(rnd.nextDouble() * 0.5, 0,
                    rnd.nextLong(interval / 2 + 1), rnd.nextDouble() * 0.3));
            case 1 -> lan.setPartition(node, rnd.nextInt(2));
            case 2 -> lan.heal();
            case 3 -> {
                if (alive().size() > 1 && node.alive()) {
                    node.crash();
                }
            }
            case 4 -> {
                if (!node.alive()) {
                    node.start();
                }
            }
            case 5 -> node.setLink(!node.linkUp());
            case 6 -> node.jumpClock(rnd.nextLong(2 * interval));
            case 11 -> node.setSendFails(!node.sendFails());
            default -> lan.setConditions(LinkConditions.PERFECT);
        }
    }

    /** Faults and operator actions on a carpd host, as carpctl would do them. */
    private void carpdFault(int fault, SimNode node, String vhid, long interval) {
        switch (fault) {
            case 7 -> node.apply(change(node.engine().config(), vhid,
                    c -> c.withAdvskew(Math.max(0, Math.min(254, c.advskew() + rnd.nextInt(-8, 9))))));
            case 8 -> node.apply(change(node.engine().config(), vhid, c -> c.withUp(!c.up())));
            case 9 -> {
                if (node.alive()) {
                    // Raises only, so that taking them back at the end is exact (no clamping).
                    int delta = rnd.nextInt(1, 3);
                    node.command(e -> e.adjustGroupDemotion(node.localNow(), "carp", delta));
                    operatorDemotion.merge(node.engine(), delta, Integer::sum);
                }
            }
            case 10 -> {
                if (node.alive() && node.state(vhid) != CarpState.INIT) {
                    CarpState target = rnd.nextBoolean() ? CarpState.MASTER : CarpState.BACKUP;
                    node.command(e -> e.forceState(node.localNow(), vhid, target));
                }
            }
            default -> commonFault(fault, node, interval);
        }
    }

    /** {@code config} with one carp interface changed. */
    private static CarpdConfig change(CarpdConfig config, String name, UnaryOperator<CarpInterfaceConfig> edit) {
        List<CarpInterfaceConfig> ifs = new ArrayList<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            ifs.add(c.name().equals(name) ? edit.apply(c) : c);
        }
        return new CarpdConfig(config.global(), ifs);
    }
}
