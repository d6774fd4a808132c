package org.carpd.core.engine;

/**
 * Our advertisement counter. Each one is above the last one we sent and above the vhid's replay
 * floor (everything accepted or sent on it), and at least the initial counter plus the time since
 * in 1/4096 s; all times 256, with a byte of our own address as the lowest byte.
 *
 * <p>Counters that follow time keep two masters that send at the same rate (after a partition)
 * from rejecting each other's advertisements in lockstep: the later of two advertisements carries
 * the higher counter, so the earlier sender hears it. The host byte breaks the tie of two hosts
 * sending in the same tick, or adopting the same mark. The coarse clock keeps our counters small
 * (about 2^51 today), so a random OpenBSD cookie is almost always above them: a peer whose first
 * counter is below the mark cannot be told from a replay.
 */
final class AdvertisementCounter {
    private static final long NANOS_PER_TICK = Interval.SECOND / 4096;

    private final long epoch;
    private boolean epochSet;
    private long epochNow;
    private long last;

    /** @param initial wall-clock 1/4096 s since the epoch, times 256 (or a saved counter above it) */
    AdvertisementCounter(long initial) {
        this.epoch = initial;
        this.last = initial;
    }

    /** Ties the clock part to monotonic time: the initial counter stands for {@code now}. */
    void start(long now) {
        if (!epochSet) {
            epochSet = true;
            epochNow = now;
        }
    }

    /** The last counter used (or the initial one). */
    long last() {
        return last;
    }

    /**
     * The counter for an advertisement sent at {@code now}, above {@code floor} when
     * {@code hasFloor}; it becomes the last one.
     */
    long next(long now, boolean hasFloor, long floor, int hostByte) {
        start(now);
        long block = (epoch >>> 8) + Math.max(0, now - epochNow) / NANOS_PER_TICK;
        block = maxUnsigned(block, (last >>> 8) + 1);
        if (hasFloor) {
            block = maxUnsigned(block, (floor >>> 8) + 1);
        }
        last = block << 8 | hostByte & 0xff;
        return last;
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
