package org.carpd.testing.sim;

/**
 * How the simulated segment treats frames: each delivery is lost with {@code loss}, delayed
 * uniformly in [minDelay, maxDelay] ns (a spread reorders frames), and duplicated with
 * {@code duplication}.
 */
public record LinkConditions(double loss, long minDelay, long maxDelay, double duplication) {
    /** A clean LAN: 100 µs per frame, no loss. */
    public static final LinkConditions PERFECT = new LinkConditions(0, 100_000, 100_000, 0);

    public LinkConditions {
        if (loss < 0 || loss > 1 || duplication < 0 || duplication > 1 || minDelay < 0 || maxDelay < minDelay) {
            throw new IllegalArgumentException("bad link conditions");
        }
    }
}
