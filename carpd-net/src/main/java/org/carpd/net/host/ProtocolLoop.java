package org.carpd.net.host;

import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.carpd.core.engine.CarpEngine;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CarpHost}'s protocol thread: its queue and its loop's pacing. Timers fire at their
 * deadline, otherwise one queued task runs; the periodic carpdev and address check waits for a gap
 * between timers; queued frames beyond a bound are dropped.
 */
final class ProtocolLoop implements Runnable {
    /** Logs as CarpHost, as it did before this was split out of it. */
    private static final Logger LOG = LoggerFactory.getLogger(CarpHost.class);
    /** Frames waiting for the protocol thread beyond this are dropped (a flood). */
    private static final int MAX_QUEUED_FRAMES = 4096;
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A wake-up this late after a deadline is a stall: hear queued advertisements before the timers. */
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long, at most, to wait after a stall for the capture threads to deliver. */
    private static final long STALL_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** While catching up after a stall, how often MASTERs' advertisements are checked for being due. */
    private static final long ADVERTISE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often carpdevs that are not open are looked for, and MASTERs' addresses checked, besides events. */
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /**
     * The periodic check waits for a gap this long before the next timer (it does netlink I/O,
     * which under CPU contention costs a scheduling delay), unless it is a whole period late.
     */
    private static final long RETRY_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicInteger floodDrops = new AtomicInteger();
    private final CarpEngine engine;
    private final CarpdevSet carpdevs;
    private final AddressWatch addressWatch;
    private final ActionRunner actions;
    private final Supplier<Set<String>> wantedCarpdevs;
    private final HostListener listener;
    private volatile boolean running = true;
    /** The engine's counter as of the last step, readable from any thread. */
    private volatile long lastCounter;
    /** Told the time at every turn of the protocol loop (at least once a second): the watchdog. */
    private volatile LongConsumer tick = now -> { };

    ProtocolLoop(CarpEngine engine, CarpdevSet carpdevs, AddressWatch addressWatch, ActionRunner actions,
                 Supplier<Set<String>> wantedCarpdevs, HostListener listener, long initialCounter) {
        this.engine = engine;
        this.carpdevs = carpdevs;
        this.addressWatch = addressWatch;
        this.actions = actions;
        this.wantedCarpdevs = wantedCarpdevs;
        this.listener = listener;
        this.lastCounter = initialCounter;
    }

    /** Queues {@code task} for the protocol thread; any thread. */
    void add(Runnable task) {
        inbox.add(task);
    }

    boolean running() {
        return running;
    }

    /** Ends the loop after the task it is running (if any). */
    void stop() {
        running = false;
        inbox.add(() -> { });
    }

    long lastCounter() {
        return lastCounter;
    }

    void onTick(LongConsumer listener) {
        this.tick = listener;
    }

    int floodDrops(boolean reset) {
        return reset ? floodDrops.getAndSet(0) : floodDrops.get();
    }

    @Override
    public void run() {
        if (Realtime.applyToProtocolThread()) {
            boolean collector = Realtime.applyToCollectorThread();
            LOG.info("real-time scheduling: SCHED_RR priority {} for the protocol thread{}, {} for the capture threads",
                    Realtime.priority(), collector ? " and the JVM's collector" : "", Realtime.capturePriority());
        }
        addressWatch.warmUp();
        long retryAt = System.nanoTime() + RETRY_NANOS;
        while (running) {
            try {
                long now = System.nanoTime();
                tick.accept(now);
                long deadline = engine.nextDeadline();
                if (deadline <= now) {
                    if (now - deadline > STALL_NANOS) {
                        now = catchUpAfterStall(now - deadline);
                    }
                    engine.onTimeout(now);
                } else if (now - retryAt >= 0 && (deadline - now >= RETRY_GAP_NANOS || now - retryAt >= RETRY_NANOS)) {
                    retryAt = now + RETRY_NANOS;
                    carpdevs.retryMissing(now, wantedCarpdevs.get());
                    for (Carpdev d : carpdevs.all()) { // a loop, not a lambda linked 10 s in while MASTER
                        addressWatch.restoreMissing(now, d, null); // events can be missed
                    }
                } else {
                    long wait = Math.min(Math.min(deadline, actions.announcementsDue(now)) - now, MAX_WAIT_NANOS);
                    if (retryAt - now > 0) {
                        wait = Math.min(wait, retryAt - now);
                    }
                    Runnable task = inbox.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                    if (task != null) {
                        task.run();
                    } // else a timer is due, or a deferred announcement (carried out below)
                }
                actions.carryOutActions();
                lastCounter = engine.counter();
            } catch (InterruptedException e) {
                if (running) {
                    listener.protocolThreadDied(e);
                }
                return;
            } catch (RuntimeException e) {
                // A bug (the engine never throws on network input), most likely in a listener:
                // log it and keep the protocol running. Errors end the thread (see CarpHost.start()).
                LOG.error("protocol thread: unexpected error", e);
            }
        }
    }

    /**
     * The thread woke long after a deadline (a GC pause, SIGSTOP, a paused VM): advertisements
     * that arrived meanwhile may still be in the capture threads or the inbox. Hear them first,
     * so that a stall is not taken for a dead master: wait a little for the capture threads to
     * deliver, then run everything queued. Our own overdue advertisements go out first, and again
     * whenever one falls due meanwhile (the queue may hold a flood). Returns the time to fire the
     * timers at.
     */
    private long catchUpAfterStall(long late) throws InterruptedException {
        engine.advertiseDue(System.nanoTime()); // a MASTER's late advertisement does not wait for the backlog
        actions.carryOutActions();
        long graceEnd = System.nanoTime() + Math.min(late, STALL_GRACE_NANOS);
        long advertiseCheck = System.nanoTime();
        Runnable task;
        while ((task = inbox.poll(Math.max(0, graceEnd - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
            task.run();
            long now = System.nanoTime();
            if (now - advertiseCheck >= ADVERTISE_CHECK_NANOS) { // a flood's backlog can last the whole grace
                advertiseCheck = now;
                engine.advertiseDue(now);
            }
            actions.carryOutActions();
        }
        return System.nanoTime();
    }

    /** A frame from a capture thread, for the engine; dropped and counted while the queue is full. */
    void enqueueFrame(String carpdev, byte[] frame, int length) {
        if (queuedFrames.incrementAndGet() > MAX_QUEUED_FRAMES) {
            queuedFrames.decrementAndGet();
            floodDrops.incrementAndGet();
            return;
        }
        inbox.add(() -> {
            queuedFrames.decrementAndGet();
            engine.onFrame(System.nanoTime(), carpdev, frame, 0, length);
        });
    }
}
