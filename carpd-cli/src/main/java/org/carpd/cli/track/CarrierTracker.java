package org.carpd.cli.track;

import java.time.Clock;
import java.util.Map;
import org.carpd.core.config.TrackConfig;

/**
 * {@code track NAME interface DEV}: fails while DEV is missing, administratively down or without
 * carrier (not IFF_UP and IFF_RUNNING, as a carpdev's carrier), passes while it is up. Fed by
 * {@link LinkWatch} from netlink link events and a periodic re-read; the change takes effect at once.
 */
final class CarrierTracker extends Tracker {
    /** What netlink says of the link: missing, or its flags. */
    record Link(boolean exists, boolean up, boolean running) {
        static final Link MISSING = new Link(false, false, false);

        boolean carrier() {
            return exists && up && running;
        }
    }

    private LinkWatch watch;

    CarrierTracker(TrackConfig config, Demoter demoter, Clock clock) {
        super(config, demoter, clock);
    }

    String device() {
        return ((TrackConfig.Carrier) config().check()).device();
    }

    @Override
    synchronized void start(Scheduler scheduler) {
        // LinkWatch registers the tracker and feeds it; nothing to schedule here.
    }

    void attach(LinkWatch w) {
        this.watch = w;
    }

    @Override
    void stop() {
        if (watch != null) {
            watch.remove(this);
        }
    }

    /** A reading of the link; repeated equal readings only count. */
    synchronized void link(Link link) {
        if (isClosed()) {
            return;
        }
        String what = !link.exists() ? device() + " does not exist"
                : !link.up() ? device() + " is administratively down"
                : !link.running() ? device() + " has no carrier" : device() + " is up";
        boolean failed = !link.carrier();
        TrackState next = failed ? TrackState.FAILED : TrackState.OK;
        boolean changed = next != state;
        counted(failed, what, changed ? 1 : streak + 1);
        if (changed) {
            settle(next, failed ? "failed" : state == TrackState.UNKNOWN ? "passed" : "recovered", what);
        }
    }

    @Override
    String kind() {
        return "interface";
    }

    @Override
    String target() {
        return device();
    }

    @Override
    Map<String, Integer> shares(TrackConfig c) {
        return state == TrackState.FAILED ? c.demote() : Map.of();
    }
}
