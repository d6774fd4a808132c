package org.carpd.core.engine;

/** CARP timing arithmetic, in nanoseconds of monotonic time. */
public final class Interval {
    public static final long SECOND = 1_000_000_000L;
    /** One advskew step: 1/256 s, exactly 3,906,250 ns. */
    public static final long SKEW_STEP = SECOND / 256;

    private Interval() {
    }

    /**
     * The advertisement interval advbase + advskew/256 s. OpenBSD allows advbase 0 for
     * sub-second intervals; 0/0 would be a zero interval, so it means 1/256 s.
     */
    public static long of(int advbase, int advskew) {
        long nanos = advbase * SECOND + advskew * SKEW_STEP;
        return nanos == 0 ? SKEW_STEP : nanos;
    }

    /** How long a backup waits for a master's advertisement: three intervals. */
    public static long masterDown(int advbase, int advskew) {
        return 3 * of(advbase, advskew);
    }
}
