package org.carpd.net.sched;

import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread in SCHED_RR at the configured priority ({@code set rt-priority}), as
 * keepalived's {@code vrrp_rt_priority} does. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least
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

    /** The priority for threads that call {@link #applyToCurrentThread()} from now on; 0 = normal scheduling. */
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

    /**
     * Applies the configured priority to the calling thread; true if it now runs SCHED_RR.
     * Never throws: a failure is logged once (at info) and the thread keeps normal scheduling.
     */
    public static boolean applyToCurrentThread() {
        int p = priority;
        if (p == 0) {
            return false;
        }
        String name = Thread.currentThread().getName();
        try {
            Calls libc = Holder.LIBC;
            if (libc.sched_setscheduler(libc.gettid(), SCHED_RR, new int[] {p}) == 0) {
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

    private static void unavailable(String thread, int p, String why) {
        if (UNAVAILABLE_SAID.compareAndSet(false, true)) {
            LOG.info("real-time scheduling (rt-priority {}) unavailable for {}: {}; the packet path runs with normal"
                    + " scheduling (grant LimitRTPRIO={} or CAP_SYS_NICE, or set rt-priority 0 to silence this)",
                    p, thread, why, p);
        } else {
            LOG.debug("real-time scheduling unavailable for {}: {}", thread, why);
        }
    }
}
