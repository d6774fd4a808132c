package org.carpd.net.sched;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.carpd.net.ffi.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread in SCHED_RR at the configured priority ({@code set rt-priority}), as
 * keepalived's {@code vrrp_rt_priority} does; every other thread one below it and the capture
 * threads two below (1 at least), so that a flood keeping them busy holds back neither the
 * protocol thread's timers nor hooks, carpctl and link events. Each
 * with SCHED_RESET_ON_FORK, so hooks and scripts never inherit a real-time policy. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least
 * the priority (the unit's {@code LimitRTPRIO=}); without either the thread keeps normal
 * scheduling and one line says so at info (it is no error: carpd works, with less margin against
 * a busy CPU).
 */
public final class Realtime {
    private static final Logger LOG = LoggerFactory.getLogger(Realtime.class);
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_RR = 2;
    /** Threads and processes this thread creates start with normal scheduling (sched(7)). */
    private static final int SCHED_RESET_ON_FORK = 0x40000000;
    private static final AtomicBoolean UNAVAILABLE_SAID = new AtomicBoolean();
    private static volatile int priority;

    private Realtime() {
    }

    private static final class Holder {
        static final LibC LIBC = LibC.INSTANCE;
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
        try {
            for (Task t : tasks()) {
                if (t.name().equals("VM Thread")) {
                    return apply(t.tid(), p, t.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            unavailable("VM Thread", p, e.toString());
        }
        return false;
    }

    /**
     * Every other thread the process has now (the JIT compiler, the JVM's service threads, carpd's
     * own control, netlink and logging threads): SCHED_RR one below the protocol thread, above the
     * capture threads and every normal process, as keepalived's whole VRRP process runs. Above the
     * capture threads because those are what a flood keeps busy: at priority 1, below them, these
     * threads waited for a 100,000 frames/s flood to end before they started a hook (benchmarks.md,
     * stop 22); they are idle most of the time and hand their work to the protocol thread. At normal priority busy
     * CPUs preempted them while the packet path waited on them: a collection waited 48.7 ms for a
     * thread to reach its safepoint, and the protocol thread sent nothing for 52 ms while the JIT
     * compiler thread was off the CPU (benchmarks.md, stop 18). Processes (hooks, scripts) get
     * normal scheduling (SCHED_RESET_ON_FORK), and so do threads started later, unless they run
     * {@link #asOtherThread}. Returns how many threads it moved; 0 when rt-priority is 0.
     */
    public static int applyToOtherThreads() {
        if (priority == 0) {
            return 0;
        }
        int p = otherThreadsPriority();
        int moved = 0;
        try {
            for (Task t : tasks()) {
                if (t.policy() == SCHED_OTHER && apply(t.tid(), p, t.name())) {
                    moved++;
                }
            }
        } catch (IOException | RuntimeException e) {
            unavailable("the other threads", p, e.toString());
        }
        return moved;
    }

    /**
     * {@code task}, for a thread carpd starts after {@link #applyToOtherThreads} (a hook runner, a
     * control connection, the metrics server's, a tracker a reload adds): it first moves itself to
     * the priority of the threads there at start. Its creator's SCHED_RESET_ON_FORK gave it normal
     * scheduling, where a busy CPU could keep it from a safepoint the packet path waits for.
     */
    public static Runnable asOtherThread(Runnable task) {
        return () -> {
            if (priority != 0) {
                apply(otherThreadsPriority());
            }
            task.run();
        };
    }

    /** A capture thread: two below the configured priority (1 at least); true if it now runs SCHED_RR. */
    public static boolean applyToCaptureThread() {
        return apply(capturePriority());
    }

    /** The capture threads' priority: two below the configured one, 1 at least (0 when off). */
    public static int capturePriority() {
        int p = priority;
        return p == 0 ? 0 : Math.max(1, p - 2);
    }

    /** The priority of the threads off the packet path: one below the configured one, 1 at least (0 when off). */
    public static int otherThreadsPriority() {
        int p = priority;
        return p == 0 ? 0 : Math.max(1, p - 1);
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
            LibC libc = Holder.LIBC;
            if (libc.sched_setscheduler(tid, SCHED_RR | SCHED_RESET_ON_FORK, new int[] {p}) == 0) {
                LOG.debug("{}: real-time scheduling SCHED_RR priority {}", name, p);
                return true;
            }
            int errno = libc.lastErrno();
            unavailable(name, p, libc.strerror(errno));
        } catch (RuntimeException | LinkageError e) {
            unavailable(name, p, e.toString());
        }
        return false;
    }

    /** One thread of this process, from /proc/self/task/TID/stat. */
    private record Task(int tid, String name, int policy) {
    }

    /** The threads of this process now; those that end meanwhile are left out. */
    private static List<Task> tasks() throws IOException {
        List<Task> out = new ArrayList<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : list.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.add(new Task(Integer.parseInt(task.getFileName().toString()),
                        stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
                        Integer.parseInt(fields[41 - 3]))); // policy, field 41 of stat(5)
            }
        }
        return out;
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
