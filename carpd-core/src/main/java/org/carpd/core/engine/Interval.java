package org.carpd.core.engine;

/** CARP timing arithmetic, in nanoseconds of monotonic time. */
public final class Interval {
    public static final long SECOND = 1_000_000_000L;
    /** One advskew step: 1/256 s, exactly 3,906,250 ns. */
    public static final long SKEW_STEP = SECOND / 256;
    /**
     * How long a new master may hold back the announcement of an address it has just added, for
     * the kernel to make it usable (carpd-net's Announcements); a planned handover's old master
     * keeps the addresses longer than this after hearing the new one ({@link AddressHold}).
     */
    public static final long ANNOUNCE_WAIT = SECOND / 25;

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

    /** How long a backup waits for a master's advertisement: three intervals, as current OpenBSD. */
    public static long masterDown(int advbase, int advskew) {
        return 3 * of(advbase, advskew);
    }

    /**
     * The master-down interval of {@code formula}: OpenBSD's three intervals, or FreeBSD's (also
     * NetBSD's and ucarp's) 3 x advbase + advskew/256, the skew added once.
     */
    public static long masterDown(org.carpd.core.config.PeerCompat.MasterDown formula, int advbase, int advskew) {
        if (formula == org.carpd.core.config.PeerCompat.MasterDown.OPENBSD) {
            return masterDown(advbase, advskew);
        }
        long nanos = 3 * advbase * SECOND + advskew * SKEW_STEP;
        return nanos == 0 ? SKEW_STEP : nanos;
    }

    /**
     * An order on (advbase, advskew) that is the order of the intervals, except that advbase 0
     * advskew 0 (which runs at 1/256 s like 0/1) still beats 0/1, as in every BSD comparison.
     */
    public static int rank(int advbase, int advskew) {
        return advbase * 256 + advskew;
    }
}
