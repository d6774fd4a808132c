package org.carpd.testing.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.engine.CarpState;

/**
 * The LAN connecting simulated hosts: one segment per carpdev name ({@code eth0} of every host
 * is on one segment, {@code eth1} on another). Frames are delivered to every other live host in
 * the sender's partition, subject to the current {@link LinkConditions}. All
 * randomness comes from the seed.
 */
public final class SimulatedLan {
    /** Simulated wall clock at time zero, in µs since the epoch (2026-01-01). */
    private static final long EPOCH_MICROS = 1_767_225_600_000_000L;

    private final long seed;
    private final SplittableRandom random;
    private final VirtualClock clock = new VirtualClock();
    private final List<SimNode> nodes = new ArrayList<>();
    private final Map<SimNode, Integer> partition = new HashMap<>();
    private final List<Transition> transitions = new ArrayList<>();
    private LinkConditions conditions = LinkConditions.PERFECT;
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

    /** Adds a host (not started) with this configuration. */
    public SimNode addNode(String name, CarpdConfig config) {
        SimNode node = new SimNode(this, name, nodes.size() + 1, config);
        nodes.add(node);
        partition.put(node, 0);
        return node;
    }

    public List<SimNode> nodes() {
        return List.copyOf(nodes);
    }

    public void setConditions(LinkConditions conditions) {
        this.conditions = conditions;
    }

    /** Puts a node in partition {@code group}; only nodes in the same group hear each other. */
    public void setPartition(SimNode node, int group) {
        partition.put(node, group);
    }

    public void heal() {
        nodes.forEach(n -> partition.put(n, 0));
    }

    public List<Transition> transitions() {
        return List.copyOf(transitions);
    }

    public long framesSent() {
        return framesSent;
    }

    /** Live nodes that are MASTER of this carp interface now. */
    public List<SimNode> masters(String carpInterface) {
        return nodes.stream().filter(n -> n.alive() && n.state(carpInterface) == CarpState.MASTER).toList();
    }

    public void runFor(long nanos) {
        clock.advance(nanos);
    }

    void record(Transition t) {
        transitions.add(t);
    }

    /** Puts a frame on the segment of {@code carpdev} as if a host outside the simulation sent it. */
    public void inject(String carpdev, byte[] frame) {
        for (SimNode n : nodes) {
            clock.scheduleIn(conditions.minDelay(), () -> n.receive(carpdev, frame));
        }
    }

    void broadcast(SimNode sender, String carpdev, byte[] frame) {
        framesSent++;
        int group = partition.get(sender);
        for (SimNode n : nodes) {
            if (n == sender || partition.get(n) != group) {
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
