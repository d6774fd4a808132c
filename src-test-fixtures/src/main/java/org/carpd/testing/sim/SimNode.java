package org.carpd.testing.sim;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.wire.MacAddress;

/**
 * One simulated host: a real {@link CarpEngine} with the carpdevs its configuration names
 * (each on its own simulated segment of the same LAN), its own
 * monotonic clock (the LAN's time plus an offset that can jump), and the virtual addresses the
 * engine has configured. The I/O loop of the daemon, in miniature.
 */
public final class SimNode {
    private final SimulatedLan lan;
    private final String name;
    private final int index;
    private final Map<String, CarpdevInfo> carpdevs = new TreeMap<>();
    private final Set<VirtualAddress> addresses = new LinkedHashSet<>();
    private final List<Action> log = new ArrayList<>();
    private CarpdConfig config;
    private CarpEngine engine;
    private boolean alive;
    private boolean sendFails;
    private boolean everFailedToSend;
    private long clockOffset;
    private long timerGeneration;
    private Consumer<Action> observer = a -> { };

    SimNode(SimulatedLan lan, String name, int index, CarpdConfig config) {
        this.lan = lan;
        this.name = name;
        this.index = index;
        this.config = config;
        addCarpdevs(config);
    }

    /** Gives each carpdev k of the config MAC 02:00:00:00:k:i, 198.18.k.i and fe80::k:i. */
    private void addCarpdevs(CarpdConfig cfg) {
        for (var c : cfg.interfaces()) {
            if (carpdevs.containsKey(c.carpdev())) {
                continue;
            }
            byte k = (byte) carpdevs.size();
            byte i = (byte) index;
            carpdevs.put(c.carpdev(), new CarpdevInfo(true, MacAddress.of(new byte[] {2, 0, 0, 0, k, i}),
                    Optional.of((Inet4Address) address(new byte[] {(byte) 198, 18, k, i})),
                    Optional.of((Inet6Address) address(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0, 0, 0, k, i}))));
        }
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public String name() {
        return name;
    }

    public CarpEngine engine() {
        return engine;
    }

    public boolean alive() {
        return alive;
    }

    /** Whether every carpdev has carrier. */
    public boolean linkUp() {
        return carpdevs.values().stream().allMatch(CarpdevInfo::up);
    }

    /** The node's own monotonic time. */
    public long localNow() {
        return lan.clock().now() + clockOffset;
    }

    public CarpState state(String carpInterface) {
        return alive ? engine.state(carpInterface) : CarpState.INIT;
    }

    /** The virtual addresses this host holds now. */
    public Set<VirtualAddress> addresses() {
        return Set.copyOf(addresses);
    }

    /** Every action the engine produced, in order. */
    public List<Action> actions() {
        return List.copyOf(log);
    }

    public void onAction(Consumer<Action> observer) {
        this.observer = observer;
    }

    /** Boots the host: a fresh engine whose counter starts at the LAN's wall-clock time. */
    public void start() {
        alive = true;
        engine = new CarpEngine(config, lan.wallClockMicros() << 8, new Random(lan.seed() * 31 + index));
        carpdevs.forEach((dev, info) -> engine.onCarpdevChanged(localNow(), dev, info));
        engine.start(localNow());
        pump();
    }

    /** The host dies at once: no bow-out, its addresses vanish with it. */
    public void crash() {
        alive = false;
        addresses.clear();
        timerGeneration++;
    }

    /** Graceful stop: the engine bows out and releases its addresses, then the host is gone. */
    public void stop() {
        engine.shutdown(localNow());
        pump();
        alive = false;
        timerGeneration++;
    }

    /** Carrier loss or return on every carpdev. */
    public void setLink(boolean up) {
        for (String dev : List.copyOf(carpdevs.keySet())) {
            setLink(dev, up);
        }
    }

    /** Carrier loss or return on one carpdev: frames stop both ways and the engine is told. */
    public void setLink(String carpdev, boolean up) {
        CarpdevInfo info = carpdevs.get(carpdev).withUp(up);
        carpdevs.put(carpdev, info);
        if (alive) {
            engine.onCarpdevChanged(localNow(), carpdev, info);
            pump();
        }
    }

    public boolean sendFails() {
        return sendFails;
    }

    /** Make every send fail (a broken NIC driver) or work again. */
    /** True once this node has been made to fail its sends (see {@link #setSendFails}). */
    public boolean everFailedToSend() {
        return everFailedToSend;
    }

    public void setSendFails(boolean fails) {
        this.sendFails = fails;
        this.everFailedToSend |= fails;
    }

    /** The node's monotonic clock jumps forward (a VM paused and resumed, say). */
    public void jumpClock(long delta) {
        clockOffset += delta;
        if (alive) {
            engine.onTimeout(localNow());
            pump();
        }
    }

    /** Applies a new configuration to the running engine. */
    public void apply(CarpdConfig next) {
        config = next;
        addCarpdevs(next);
        if (alive) {
            engine.applyConfig(localNow(), next);
            pump();
        }
    }

    /** Runs an operator command against the engine, then carries out its actions. */
    public void command(Consumer<CarpEngine> command) {
        command.accept(engine);
        pump();
    }

    void receive(String carpdev, byte[] frame) {
        CarpdevInfo info = carpdevs.get(carpdev);
        if (!alive || info == null || !info.up()) {
            return;
        }
        engine.onFrame(localNow(), carpdev, frame, 0, frame.length);
        pump();
    }

    /** Carries out the engine's actions and rearms the node's single timer. */
    private void pump() {
        if (!alive) {
            return;
        }
        Action a;
        while ((a = engine.poll()) != null) {
            log.add(a);
            observer.accept(a);
            if (a instanceof Action.Transmit t) {
                boolean ok = carpdevs.get(t.carpdev()).up() && !sendFails;
                if (ok) {
                    lan.broadcast(this, t.carpdev(), t.frame());
                }
                engine.onSendResult(localNow(), t, ok);
            } else if (a instanceof Action.AddAddresses add) {
                addresses.addAll(add.addresses());
            } else if (a instanceof Action.RemoveAddresses rm) {
                rm.addresses().forEach(addresses::remove);
            } else if (a instanceof Action.StateChanged sc) {
                lan.record(new Transition(lan.clock().now(), name, sc.carpInterface(), sc.from(), sc.to(), sc.reason()));
            }
        }
        long deadline = engine.nextDeadline();
        long generation = ++timerGeneration;
        if (deadline != Long.MAX_VALUE) {
            lan.clock().schedule(deadline - clockOffset, () -> {
                if (alive && generation == timerGeneration) {
                    engine.onTimeout(localNow());
                    pump();
                }
            });
        }
    }
}
