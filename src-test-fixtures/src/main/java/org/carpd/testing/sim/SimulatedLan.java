package org.carpd.testing.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.engine.CarpState;

/**
 * The LAN connecting simulated hosts, carpd nodes and peer models alike: one segment per carpdev
 * name ({@code eth0} of every host is on one segment, {@code eth1} on another). Frames are
 * delivered to every other live host in the sender's partition, subject to the current
 * {@link LinkConditions}. All randomness comes from the seed.
 */
public final class SimulatedLan {
    /** Simulated wall clock at time zero, in µs since the epoch (2026-01-01). */
    private static final long EPOCH_MICROS = 1_767_225_600_000_000L;

    private final long seed;
    private final SplittableRandom random;
    private final VirtualClock clock = new VirtualClock();
    private final List<SimHost> hosts = new ArrayList<>();
    private final Map<SimHost, Integer> partition = new HashMap<>();
    private final List<Transition> transitions = new ArrayList<>();
    private LinkConditions conditions = LinkConditions.PERFECT;
    private BiConsumer<SimHost, byte[]> tap = (host, frame) -> { };
    private long framesSent;

    public SimulatedLan(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    public VirtualClock clock() {
        return clock;
    }

    long wallClockMicros() {
        return EPOCH_MICROS + clock.now() / 1000;
    }

    /** Adds a carpd host (not started) with this configuration. */
    public SimNode addNode(String name, CarpdConfig config) {
        return add(new SimNode(this, name, hosts.size() + 1, config));
    }

    /**
     * Adds a host (not started) running another CARP implementation, modelled from its source:
     * one carp interface per configuration (carpdev, vhid, advbase, advskew, passphrase and
     * addresses are used), with preemption on or off (net.inet.carp.preempt, ucarp's -P).
     */
    public PeerNode addPeer(PeerKind kind, String name, boolean preempt, CarpInterfaceConfig... vhids) {
        return add(kind.create(this, name, hosts.size() + 1, preempt, List.of(vhids)));
    }

    private <H extends SimHost> H add(H host) {
        hosts.add(host);
        partition.put(host, 0);
        return host;
    }

    /** Every host, carpd nodes and peers, in the order added. */
    public List<SimHost> hosts() {
        return List.copyOf(hosts);
    }

    /** The carpd hosts only. */
    public List<SimNode> nodes() {
        return hosts.stream().filter(h -> h instanceof SimNode).map(h -> (SimNode) h).toList();
    }

    public void setConditions(LinkConditions conditions) {
        this.conditions = conditions;
    }

    /** Puts a host in partition {@code group}; only hosts in the same group hear each other. */
    public void setPartition(SimHost host, int group) {
        partition.put(host, group);
    }

    public void heal() {
        hosts.forEach(n -> partition.put(n, 0));
    }

    public List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    /** The transitions recorded from the {@code from}-th on (0-based), in order. */
    public List<Transition> transitionsFrom(int from) {
        return List.copyOf(transitions.subList(Math.min(from, transitions.size()), transitions.size()));
    }

    public long framesSent() {
        return framesSent;
    }

    /** Live hosts that are MASTER of this carp interface now. */
    public List<SimHost> masters(String carpInterface) {
        return hosts.stream().filter(n -> n.alive() && n.state(carpInterface) == CarpState.MASTER).toList();
    }

    public void runFor(long nanos) {
        clock.advance(nanos);
    }

    void record(Transition t) {
        transitions.add(t);
    }

    /** Puts a frame on the segment of {@code carpdev} as if a host outside the simulation sent it. */
    public void inject(String carpdev, byte[] frame) {
        for (SimHost n : hosts) {
            clock.scheduleIn(conditions.minDelay(), () -> n.receive(carpdev, frame));
        }
    }

    /** Sees every frame a host puts on the LAN (before loss), e.g. to read counters. */
    public void tap(BiConsumer<SimHost, byte[]> tap) {
        this.tap = tap;
    }

    void broadcast(SimHost sender, String carpdev, byte[] frame) {
        framesSent++;
        tap.accept(sender, frame);
        int group = partition.get(sender);
        for (SimHost n : hosts) {
            if (n == sender || partition.get(n) != group || !n.isDestination(carpdev, frame)) {
                continue;
            }
            int copies = random.nextDouble() < conditions.duplication() ? 2 : 1;
            for (int i = 0; i < copies; i++) {
                if (random.nextDouble() < conditions.loss()) {
                    continue;
                }
                long spread = conditions.maxDelay() - conditions.minDelay();
                long delay = conditions.minDelay() + (spread == 0 ? 0 : random.nextLong(spread + 1));
                clock.scheduleIn(delay, () -> n.receive(carpdev, frame));
            }
        }
    }
}
