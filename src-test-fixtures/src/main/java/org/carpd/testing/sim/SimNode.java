package org.carpd.testing.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.engine.Interval;

/**
 * One simulated carpd host: a real {@link CarpEngine} with the carpdevs its configuration names
 * (each on its own simulated segment of the same LAN), its own monotonic clock, and the virtual
 * addresses the engine has configured. The I/O loop of the daemon, in miniature.
 */
public final class SimNode extends SimHost {
    private final List<Action> log = new ArrayList<>();
    private CarpdConfig config;
    private CarpEngine engine;
    private long timerGeneration;
    private Consumer<Action> observer = a -> { };
    /** Stopped, but still running until the engine has released the addresses it holds for the new master. */
    private boolean stopping;

    SimNode(SimulatedLan lan, String name, int index, CarpdConfig config) {
        super(lan, name, index);
        this.config = config;
        config.interfaces().forEach(c -> addCarpdev(c.carpdev()));
    }

    public CarpEngine engine() {
        return engine;
    }

    @Override
    public CarpState state(String carpInterface) {
        return alive ? engine.state(carpInterface) : CarpState.INIT;
    }

    @Override
    public List<String> carpInterfaces() {
        return config.interfaces().stream().map(CarpInterfaceConfig::name).toList();
    }

    /** Every action the engine produced, in order. */
    public List<Action> actions() {
        return List.copyOf(log);
    }

    /** What the last run saved (see {@link #start()}). */
    private java.util.Map<String, org.carpd.core.engine.ReplayMemory> stateDir = java.util.Map.of();

    public void onAction(Consumer<Action> observer) {
        this.observer = observer;
    }

    /**
     * Boots the host: a fresh engine whose counter starts at the LAN's wall-clock time (in
     * carpd's units: 1/4096 s, times 256), with the replay memory the last run left in its state
     * directory (the daemon saves it every minute and on stop; here it is always current).
     */
    @Override
    public void start() {
        if (engine != null) {
            stateDir = engine.replayMemory();
        }
        if (alive && stopping) {
            addresses.clear(); // the stopping run ends first, its held addresses with it
        }
        alive = true;
        stopping = false;
        engine = new CarpEngine(config, lan.wallClockMicros() * 4096 / 1_000_000 << 8,
                new Random(lan.seed() * 31 + index()));
        engine.restoreReplayMemory(stateDir);
        carpdevs.forEach((dev, info) -> engine.onCarpdevChanged(localNow(), dev, info));
        engine.start(localNow());
        pump();
    }

    /**
     * Graceful stop: the engine bows out; as the daemon does, the host keeps running (hearing
     * frames, firing timers) until the engine has released the addresses it keeps for the new
     * master, then it is gone.
     */
    @Override
    public void stop() {
        engine.shutdown(localNow());
        stopping = true;
        pump();
    }

    /** True from a graceful stop until the host is gone. */
    public boolean stopping() {
        return alive && stopping;
    }

    @Override
    public boolean bowsOut() {
        return true;
    }

    /** Undemoted: a demoted carpd (advskew or both mode) waits as with advskew 240. */
    @Override
    public long masterDownInterval(String carpInterface) {
        CarpInterfaceConfig c = currentConfig().find(carpInterface).orElseThrow();
        return Interval.masterDown(c.compat().masterDown(), c.advbase(), c.advskew());
    }

    /** The longest interval it may advertise at: with advskew 240 while demoted (advskew or both mode). */
    @Override
    public long maxAdvertisementInterval(String carpInterface) {
        CarpInterfaceConfig c = currentConfig().find(carpInterface).orElseThrow();
        boolean skewed = c.compat().demoteMode() != org.carpd.core.config.PeerCompat.DemoteMode.OPENBSD;
        return Interval.of(c.advbase(), skewed ? Math.max(c.advskew(), 240) : c.advskew());
    }

    private CarpdConfig currentConfig() {
        return engine != null ? engine.config() : config;
    }

    @Override
    void stopTimers() {
        timerGeneration++;
    }

    @Override
    void carpdevChanged(String carpdev, CarpdevInfo info, boolean changed) {
        engine.onCarpdevChanged(localNow(), carpdev, info);
        pump();
    }

    @Override
    void clockJumped() {
        engine.onTimeout(localNow());
        pump();
    }

    /** Applies a new configuration to the running engine. */
    public void apply(CarpdConfig next) {
        config = next;
        next.interfaces().forEach(c -> addCarpdev(c.carpdev()));
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

    @Override
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
                boolean unicast = t.peer() != null;
                // A peer's packet is routed: here it reaches the peer's host on the same segment.
                engine.onSendResult(localNow(), t, unicast && t.frame().length == 0 ? false
                        : send(t.carpdev(), unicast ? inEthernet(t.carpdev(), t.frame()) : t.frame()));
            } else if (a instanceof Action.AddAddresses add) {
                addresses.addAll(add.addresses());
            } else if (a instanceof Action.RemoveAddresses rm) {
                rm.addresses().forEach(addresses::remove);
            } else if (a instanceof Action.StateChanged sc) {
                recordTransition(sc.carpInterface(), sc.from(), sc.to(), sc.reason());
            }
        }
        if (stopping && !engine.holdsAddresses()) {
            alive = false;
            stopTimers();
            return;
        }
        long deadline = engine.nextDeadline();
        long generation = ++timerGeneration;
        if (deadline != Long.MAX_VALUE) {
            scheduleLocal(deadline, () -> {
                if (alive && generation == timerGeneration) {
                    engine.onTimeout(localNow());
                    pump();
                }
            });
        }
    }
}
