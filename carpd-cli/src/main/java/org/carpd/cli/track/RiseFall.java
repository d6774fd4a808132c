package org.carpd.cli.track;

/**
 * Rise and fall counting, as keepalived's vrrp_script and haproxy's checks: the state turns
 * FAILED after {@code fall} failures in a row and OK after {@code rise} passes in a row. The first
 * pass turns UNKNOWN into OK at once (nothing is held either way); UNKNOWN needs {@code fall}
 * failures to fail, like OK. Not thread-safe: the tracker that owns it serialises.
 */
public final class RiseFall {
    private final int rise;
    private final int fall;
    private TrackState state = TrackState.UNKNOWN;
    private int passes;
    private int failures;

    public RiseFall(int rise, int fall) {
        if (rise < 1 || fall < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1");
        }
        this.rise = rise;
        this.fall = fall;
    }

    /** Records one result; returns whether the state changed. */
    public boolean record(boolean passed) {
        TrackState before = state;
        if (passed) {
            passes++;
            failures = 0;
            if (state == TrackState.UNKNOWN || state == TrackState.FAILED && passes >= rise) {
                state = TrackState.OK;
            }
        } else {
            failures++;
            passes = 0;
            if (state != TrackState.FAILED && failures >= fall) {
                state = TrackState.FAILED;
            }
        }
        return state != before;
    }

    public TrackState state() {
        return state;
    }

    /** How many results in a row agree with the last one. */
    public int streak() {
        return Math.max(passes, failures);
    }
}
