package org.carpd.core.engine;

/**
 * The chains ucarp and FreeBSD start from our recent counters. Such a peer adopts the counter of
 * the last advertisement it heard and adds one per packet it sends, so after it heard one of ours
 * its counters run {@code ours + 1, ours + 2, ...}, below the mark our later advertisements
 * raised (we send on the same timer, or it heard an older one of ours late). Only a host with the
 * key that heard that advertisement can make such a counter, so each chain's counters are
 * accepted once each, in increasing order: every counter accepted on any path is recorded on
 * the chains it lies on.
 */
final class AdoptedChains {
    /** Our last advertisements a peer may still be counting from. */
    private static final int RECENT = 16;
    /** A peer counting further than this from one of ours has heard a later one. */
    private static final long REACH = 64;

    private final long[] base = new long[RECENT];
    /** The highest counter accepted on the chain from {@code base}, or the base itself. */
    private final long[] high = new long[RECENT];
    private int next;
    private int size;

    /** One of our advertisements left with this counter. */
    void sent(long counter) {
        base[next] = counter;
        high[next] = counter;
        next = (next + 1) % RECENT;
        size = Math.min(size + 1, RECENT);
    }

    /** Records a counter accepted on any path on every chain it lies on. */
    void accepted(long counter) {
        for (int i = 0; i < size; i++) {
            if (on(i, counter) && Long.compareUnsigned(counter, high[i]) > 0) {
                high[i] = counter;
            }
        }
    }

    /** True, and recorded, if {@code counter} continues one of the chains beyond all accepted on it. */
    boolean continues(long counter) {
        for (int i = 0; i < size; i++) {
            if (on(i, counter) && Long.compareUnsigned(counter, high[i]) > 0) {
                accepted(counter);
                return true;
            }
        }
        return false;
    }

    private boolean on(int i, long counter) {
        long d = counter - base[i];
        return d > 0 && d <= REACH;
    }
}
