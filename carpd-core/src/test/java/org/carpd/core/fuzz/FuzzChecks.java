package org.carpd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/** What every fuzz target asserts besides "nothing thrown": bounded allocation, no secret in text. */
public final class FuzzChecks {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzChecks() {
    }

    /** Bytes allocated so far by this thread. */
    public static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Fails if the work since {@code before} allocated more than {@code limit} bytes. */
    public static void assertAllocatedAtMost(long before, long limit, String what) {
        long used = allocated() - before;
        assertTrue(used <= limit, what + " allocated " + used + " bytes, more than " + limit);
    }

    /** Fails if {@code text} contains {@code secret} (or its first 6 characters, a partial leak). */
    public static void assertNoSecret(String text, String secret) {
        if (text == null) {
            return;
        }
        assertTrue(!text.contains(secret) && !text.contains(secret.substring(0, Math.min(6, secret.length()))),
                "secret in: " + text);
    }
}
