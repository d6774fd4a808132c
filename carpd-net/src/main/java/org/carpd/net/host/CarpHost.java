package org.carpd.net.host;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.ReplayMemory;
import org.carpd.net.netlink.LinkEventSubscriber;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.carpd.net.frame.FrameHandler;
import org.carpd.net.raw.RawSocketSender;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link CarpEngine} on a Linux host. One protocol thread owns the engine; everything
 * else (the carpdevs' receive threads, the netlink event thread, control-socket threads) only puts tasks
 * on its queue. The loop fires timers when their deadline comes, whatever is queued, so a packet
 * flood or a slow client cannot delay an advertisement by more than one task.
 */
public final class CarpHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CarpHost.class);
    /**
     * On close, how long at most to keep running while the engine holds a MASTER's addresses for
     * the new master (the engine's own bound is 1 s; this only covers a protocol thread that is stuck).
     */
    private static final long HANDOVER_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    private static final long HANDOVER_POLL_MILLIS = 5;

    private final RouteNetlink netlink;
    private final CarpdevSet carpdevs;
    private final AddressKeeper addresses;
    private final VirtualLinks links;
    private final AddressWatch addressWatch;
    private final Announcements announcements;
    private final LinkEventSubscriber linkEvents;
    /** Advertisements to unicast peers; its sockets open when a configuration first has peers. */
    private final RawSocketSender unicast = new RawSocketSender();
    private final HostListener listener;
    private final CarpEngine engine;
    private final Balancer balancer;
    private final ActionRunner actions;
    private final ProtocolLoop loop;
    private final Thread thread;
    /** The engine's replay memory as of the last {@link #replayMemory()} or stop. */
    private volatile Map<String, ReplayMemory> lastMarks;

    private CarpHost(CarpdConfig config, long initialCounter, Map<String, ReplayMemory> replayMemory, HostListener listener)
            throws NetlinkException {
        this.listener = listener;
        this.netlink = RouteNetlink.open();
        try {
            this.linkEvents = LinkEventSubscriber.openWithAddresses();
        } catch (NetlinkException | RuntimeException e) {
            netlink.close();
            throw e;
        }
        this.links = new VirtualLinks(netlink, listener);
        links.removeStale();
        this.engine = new CarpEngine(links.apply(config), initialCounter, RandomGenerator.of("L64X128MixRandom"));
        this.engine.restoreReplayMemory(replayMemory);
        this.carpdevs = new CarpdevSet(netlink, listener, Receiver::new, engine::onCarpdevChanged,
                this::virtualAddresses);
        this.addresses = new AddressKeeper(AddressKeeper.Ops.of(netlink,
                ifindex -> links.byIndex(ifindex) != null ? VirtualLinks.ROUTE_METRIC : -1), listener);
        Announcements announcements = new Announcements(addresses,
                Announcements.onTheWire(carpdevs, engine::config, listener));
        this.announcements = announcements;
        this.addressWatch = new AddressWatch(engine, carpdevs, addresses, netlink.marker(), this::virtualAddresses,
                links, announcements);
        this.balancer = new Balancer(netlink, listener);
        this.actions = new ActionRunner(engine, carpdevs, addresses, links, balancer, unicast, listener, announcements);
        this.loop = new ProtocolLoop(engine, carpdevs, addressWatch, actions, this::wantedCarpdevs, listener,
                initialCounter);
        this.lastMarks = Map.copyOf(replayMemory);
        this.thread = new Thread(loop, "carpd-protocol");
    }

    /**
     * Opens every carpdev of {@code config}, removes virtual addresses a crashed carpd left
     * behind, and starts the protocol. A carpdev that cannot be opened is reported and its vhids
     * stay in INIT; the others run.
     *
     * @param initialCounter where the advertisement counter starts: it must exceed every counter
     *                       an earlier run of this host sent, or peers with replay protection
     *                       reject us (see {@code CounterStore} in the daemon)
     * @param replayMemory   each vhid's replay memory saved by an earlier run
     */
    public static CarpHost start(CarpdConfig config, long initialCounter, Map<String, ReplayMemory> replayMemory,
                                 HostListener listener) throws NetlinkException {
        return start(config, initialCounter, replayMemory, listener, engine -> { });
    }

    /**
     * As {@link #start(CarpdConfig, long, Map, HostListener)}, with {@code prepare} run on the
     * engine just before it starts, so that what it sets (maintenance mode, a demotion held
     * until the state tables are synchronised) holds from the first advertisement on.
     */
    public static CarpHost start(CarpdConfig config, long initialCounter, Map<String, ReplayMemory> replayMemory,
                                 HostListener listener, Consumer<CarpEngine> prepare) throws NetlinkException {
        Realtime.configure(config.global().rtPriority()); // before the capture threads start
        CarpHost host = new CarpHost(config, initialCounter, replayMemory, listener);
        try {
            host.balancer.removeStale();
            host.openCarpdevs(config); // also removes stale addresses and tells the engine about each
            host.prepareUnicast(config);
            prepare.accept(host.engine);
            host.engine.start(System.nanoTime());
            host.actions.carryOutActions();
            host.linkEvents.startDelivering(new HostEvents(host.loop::add, host.carpdevs, host.addresses,
                    host.addressWatch, host::wantedCarpdevs, listener), "carpd-netlink");
        } catch (RuntimeException e) {
            host.releaseResources();
            throw e;
        }
        host.thread.setUncaughtExceptionHandler((t, e) -> listener.protocolThreadDied(e));
        host.thread.start();
        TakeoverWarmup.start(config);
        return host;
    }

    /**
     * Runs {@code command} against the engine on the protocol thread and returns its result;
     * the actions it causes are carried out before this returns. Exceptions the command throws
     * come back unchanged (as the cause of an {@link ExecutionException}). Must not be called
     * from the protocol thread itself (listeners get what they need as arguments).
     */
    public <T> T call(Function<CarpEngine, T> command) throws ExecutionException, InterruptedException {
        return call(command, Duration.ofSeconds(10));
    }

    /**
     * As {@link #call(Function)}, giving up after {@code timeout}; a command that timed out is
     * then skipped, never run late, so a failed carpctl command changes nothing.
     */
    public <T> T call(Function<CarpEngine, T> command, Duration timeout) throws ExecutionException, InterruptedException {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("CarpHost.call from the protocol thread would deadlock");
        }
        if (!loop.running() || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
            throw new ExecutionException(new HostUnavailableException("carpd is stopping"));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        // Whoever claims first decides: the protocol thread runs the command, or the caller gives
        // up and the command is skipped. A command that has started is always waited for.
        AtomicBoolean claimed = new AtomicBoolean();
        loop.add(() -> {
            if (!claimed.compareAndSet(false, true)) {
                return; // the caller gave up and reported failure: change nothing
            }
            try {
                T value = command.apply(engine);
                actions.carryOutActions();
                result.complete(value);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } catch (Error e) {
                result.completeExceptionally(e);
                throw e;
            }
        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (claimed.compareAndSet(false, true)) {
                throw new ExecutionException(new HostUnavailableException("the protocol thread did not answer"));
            }
            return result.get(); // it is running now: its effect must be reported, not denied
        }
    }

    /** Applies a validated configuration: opens new carpdevs, then hands it to the engine. */
    public void applyConfig(CarpdConfig next) throws ExecutionException, InterruptedException {
        call(e -> {
            openCarpdevs(next);
            prepareUnicast(next);
            long now = System.nanoTime();
            CarpdConfig before = e.config();
            e.applyConfig(now, links.apply(next));
            actions.carryOutActions(); // bow-outs and address removals need the carpdevs closed below
            links.moveChangedMasters(now, before, e, addresses, carpdevs, announcements);
            Set<String> names = new HashSet<>();
            next.interfaces().forEach(c -> names.add(c.name()));
            addresses.retain(names);
            carpdevs.retain(wantedCarpdevs());
            return null;
        });
    }

    /**
     * Carp interfaces whose virtual addresses could not be added or removed, with the error: such
     * a vhid's state says MASTER or BACKUP, but the host does not hold its addresses accordingly.
     * A destroyed carp interface whose addresses could not be removed stays here until they are gone.
     */
    public Map<String, String> failures() {
        return addresses.failures();
    }

    /** The last advertisement counter used, as of the protocol thread's last step. */
    public long lastCounter() {
        return loop.lastCounter();
    }

    /** Each vhid's replay memory (see {@link CarpEngine#replayMemory()}), to save. */
    public Map<String, ReplayMemory> replayMemory() {
        if (loop.running()) {
            try {
                lastMarks = call(CarpEngine::replayMemory, Duration.ofSeconds(2));
            } catch (ExecutionException e) {
                LOG.debug("replay marks not read: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return lastMarks;
    }

    /**
     * Called with {@code System.nanoTime()} at every turn of the protocol loop, on the protocol
     * thread, at least once a second while it runs; it stops when the thread hangs or dies. It
     * must return at once (the systemd watchdog: a pacer that sends {@code WATCHDOG=1}).
     */
    public void onTick(LongConsumer listener) {
        loop.onTick(listener);
    }

    /** Frames dropped because the protocol thread's queue was full; {@code reset} zeroes the count. */
    public int floodDrops(boolean reset) {
        return loop.floodDrops(reset);
    }

    /**
     * Bows out of every vhid, keeps running until the new masters hold the addresses (heard, or
     * the engine's bound of at most 1 s), removes the virtual addresses, and stops all threads.
     */
    @Override
    public void close() {
        try {
            lastMarks = call(e -> {
                e.shutdown(System.nanoTime());
                return e.replayMemory();
            });
            awaitHandover();
        } catch (ExecutionException | InterruptedException e) {
            LOG.warn("shutdown did not complete cleanly: {}", e.getMessage());
        }
        loop.stop();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("protocol thread still busy after 2 s; closing its sockets under it");
        } else {
            balancer.close();
        }
        releaseResources();
    }

    /** Per carp interface, the MAC its frames and ARP/ND answers carry and where it lives; any thread. */
    public Map<String, String> linkAddresses() {
        return links.inUse();
    }

    /** Lets the protocol thread hear the new masters (and fire the hold's timer) until the engine holds no addresses. */
    private void awaitHandover() throws ExecutionException, InterruptedException {
        long end = System.nanoTime() + HANDOVER_WAIT_NANOS;
        while (call(CarpEngine::holdsAddresses, Duration.ofMillis(500))) {
            if (System.nanoTime() - end > 0) {
                LOG.warn("stopping while still holding virtual addresses for the new master; removing them now");
                call(e -> {
                    e.releaseHeldAddresses();
                    return null;
                });
                return;
            }
            Thread.sleep(HANDOVER_POLL_MILLIS);
        }
    }

    private void releaseResources() {
        unicast.close();
        links.closeAll();
        linkEvents.close();
        carpdevs.closeAll();
        netlink.close();
    }

    /**
     * Packets kept and dropped by the load-balancing rules, per balanced interface that is taking
     * part: name -> {kept, dropped}.
     */
    public Map<String, long[]> balancingCounters() throws ExecutionException, InterruptedException {
        return call(e -> balancer.counters());
    }

    // --- carpdevs --------------------------------------------------------------------------

    /** Opens the raw socket of each family that has peers (a failure shows at the first send too). */
    private void prepareUnicast(CarpdConfig config) {
        boolean v4 = config.interfaces().stream().anyMatch(c -> !c.peers().of(false).isEmpty());
        boolean v6 = config.interfaces().stream().anyMatch(c -> !c.peers().of(true).isEmpty());
        try {
            unicast.prepare(v4, v6);
        } catch (IOException e) {
            listener.ioFailed(null, e.getMessage());
        }
    }

    private void openCarpdevs(CarpdConfig config) {
        for (CarpInterfaceConfig c : config.interfaces()) {
            carpdevs.open(System.nanoTime(), c.carpdev(), c.name(), false);
        }
    }

    private Set<String> wantedCarpdevs() {
        Set<String> used = new HashSet<>();
        engine.config().interfaces().forEach(c -> used.add(c.carpdev()));
        return used;
    }

    private Set<InetAddress> virtualAddresses() {
        Set<InetAddress> all = new HashSet<>();
        for (CarpInterfaceConfig c : engine.config().interfaces()) {
            c.addresses().forEach(a -> all.add(a.address()));
        }
        return all;
    }

    /** Frames from a carpdev's receive thread, handed to the protocol thread. */
    private final class Receiver implements FrameHandler {
        private final String carpdev;

        Receiver(String carpdev) {
            this.carpdev = carpdev;
        }

        @Override
        public void onFrame(byte[] frame, int length) {
            if (!balancer.answer(carpdev, frame, length)) {
                loop.enqueueFrame(carpdev, frame, length);
            }
        }

        @Override
        public void onCaptureStopped(String reason) {
            loop.add(() -> {
                Carpdev dev = carpdevs.get(carpdev);
                if (dev != null && dev.handler == this) {
                    listener.ioFailed(null, carpdev + ": capture stopped (" + reason
                            + "); its vhids leave the election until it can be opened again");
                    carpdevs.lose(System.nanoTime(), dev, "capture stopped");
                }
            });
        }
    }
}
