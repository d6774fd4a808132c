package org.carpd.core.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Runs a benchmark case on the calling thread and prints ops/s, ns/op and bytes allocated per op. */
final class BenchHarness {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static volatile long sink;

    private BenchHarness() {
    }

    static void header(double seconds) {
        System.out.printf(Locale.ROOT, "java %s, %s, %.1f s per case (after %.1f s warm-up)%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                seconds, Math.max(1, seconds / 2));
    }

    static void run(String name, double seconds, LongSupplier op) {
        measure(op, Math.max(1, seconds / 2)); // warm-up: let the JIT compile the path
        long[] result = measure(op, seconds);
        long ops = result[0];
        double elapsed = result[1] / 1e9;
        System.out.printf(Locale.ROOT, "%-50s %,14.0f ops/s  %8.1f ns/op  %6.1f B/op%n",
                name, ops / elapsed, result[1] / (double) ops, result[2] / (double) ops);
    }

    /** Returns {ops, nanos, allocated bytes}. Checks the clock only every 4096 ops. */
    private static long[] measure(LongSupplier op, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long ops = 0;
        long acc = 0;
        long now;
        do {
            for (int i = 0; i < 4096; i++) {
                acc += op.getAsLong();
            }
            ops += 4096;
            now = System.nanoTime();
        } while (now < deadline);
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
        sink = acc;
        return new long[] {ops, now - start, bytes};
    }
}
