package org.carpd.net.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread in SCHED_RR at the configured priority ({@code set rt-priority}), as
 * keepalived's {@code vrrp_rt_priority} does; the capture threads one below it, so that a flood
 * keeping them busy never holds back the protocol thread's timers. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least
 * the priority (the unit's {@code LimitRTPRIO=}); without either the thread keeps normal
 * scheduling and one line says so at info (it is no error: carpd works, with less margin against
 * a busy CPU).
 */
public final class Realtime {
    private static final Logger LOG = LoggerFactory.getLogger(Realtime.class);
    private static final int SCHED_RR = 2;
    private static final AtomicBoolean UNAVAILABLE_SAID = new AtomicBoolean();
    private static volatile int priority;

    private Realtime() {
    }

    /** Public because jnr-ffi generates the implementation in its own class loader. */
    public interface Calls {
        int gettid();

        int sched_setscheduler(int pid, int policy, @In int[] param);

        String strerror(int errnum);
    }

    private static final class Holder {
        static final Calls LIBC = LibraryLoader.create(Calls.class).load("c");
    }

    /** The priority for the threads that apply it from now on; 0 = normal scheduling. */
    public static void configure(int rtPriority) {
        if (rtPriority < 0 || rtPriority > 99) {
            throw new IllegalArgumentException("rt-priority must be 0..99: " + rtPriority);
        }
        priority = rtPriority;
    }

    /** The configured priority (0 = off). */
    public static int priority() {
        return priority;
    }

    /** The protocol thread: the configured priority; true if it now runs SCHED_RR. */
    public static boolean applyToProtocolThread() {
        return apply(priority);
    }

    /**
     * The JVM's own "VM Thread", which runs the garbage collector (serial) inside every safepoint:
     * at the protocol thread's priority, since that thread waits for it. At normal priority a busy
     * CPU preempted it mid-collection, and a 2 ms young collection became a 17 ms stop of the
     * protocol thread (enough for a false failover at advbase 0). True if it now runs SCHED_RR.
     */
    public static boolean applyToCollectorThread() {
        int p = priority;
        if (p == 0) {
            return false;
        }
        try (Stream<Path> list = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : list.toList()) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // the thread ended
                }
                if (comm.equals("VM Thread")) {
                    return apply(Integer.parseInt(task.getFileName().toString()), p, comm);
                }
            }
        } catch (IOException | RuntimeException e) {
            unavailable("VM Thread", p, e.toString());
        }
        return false;
    }

    /** A capture thread: one below the configured priority (1 at least); true if it now runs SCHED_RR. */
    public static boolean applyToCaptureThread() {
        int p = priority;
        return apply(p <= 1 ? p : p - 1);
    }

    /**
     * Applies priority {@code p} to the calling thread; true if it now runs SCHED_RR. Never
     * throws: a failure is logged once (at info) and the thread keeps normal scheduling.
     */
    private static boolean apply(int p) {
        if (p == 0) {
            return false;
        }
        try {
            return apply(Holder.LIBC.gettid(), p, Thread.currentThread().getName());
        } catch (RuntimeException | LinkageError e) {
            unavailable(Thread.currentThread().getName(), p, e.toString());
            return false;
        }
    }

    private static boolean apply(int tid, int p, String name) {
        try {
            Calls libc = Holder.LIBC;
            if (libc.sched_setscheduler(tid, SCHED_RR, new int[] {p}) == 0) {
                LOG.debug("{}: real-time scheduling SCHED_RR priority {}", name, p);
                return true;
            }
            int errno = Runtime.getRuntime(libc).getLastError();
            unavailable(name, p, libc.strerror(errno));
        } catch (RuntimeException | LinkageError e) {
            unavailable(name, p, e.toString());
        }
        return false;
    }

    /** Names the configured priority, the one LimitRTPRIO must allow, whichever thread tried first. */
    private static void unavailable(String thread, int tried, String why) {
        int p = Math.max(priority, tried);
        if (UNAVAILABLE_SAID.compareAndSet(false, true)) {
            LOG.info("real-time scheduling (rt-priority {}) unavailable for {}: {}; the packet path runs with normal"
                    + " scheduling (grant LimitRTPRIO={} or CAP_SYS_NICE, or set rt-priority 0 to silence this)",
                    p, thread, why, p);
        } else {
            LOG.debug("real-time scheduling unavailable for {}: {}", thread, why);
        }
    }
}
