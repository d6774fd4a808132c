package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carpd.core.config.ReplayPolicy;

/**
 * Replay protection for one vhid: remembers the last counter accepted from each sender.
 *
 * <p>Under {@link ReplayPolicy#AUTO} a sender is held to increasing counters only once it has
 * shown them: {@value #SEQUENCED_AFTER} small steps up (less than 2^32 each) without a step
 * down in between; a large step up (a peer restarted after a while) neither counts nor resets.
 * carpd's counters do that; ucarp's random 64-bit counters almost never do (odds about
 * 2^-96), and OpenBSD's fixed cookie never does.
 * Only authenticated advertisements reach the guard, so a forger cannot poison it.
 */
final class ReplayGuard {
    static final int SEQUENCED_AFTER = 3;
    private static final int MAX_SENDERS = 64;
    private static final long SMALL_STEP = 1L << 32;

    private static final class Sender {
        long lastCounter;
        int increasingRun;
    }

    private final Map<InetAddress, Sender> senders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Sender> eldest) {
            return size() > MAX_SENDERS;
        }
    };
    private ReplayPolicy policy;

    ReplayGuard(ReplayPolicy policy) {
        this.policy = policy;
    }

    void setPolicy(ReplayPolicy policy) {
        this.policy = policy;
    }

    /** Checks and, if accepted, records {@code counter}; false means a replay to drop. */
    boolean accept(InetAddress sender, long counter) {
        if (policy == ReplayPolicy.OFF) {
            return true;
        }
        Sender s = senders.get(sender);
        if (s == null) {
            s = new Sender();
            s.lastCounter = counter;
            senders.put(sender, s);
            return true;
        }
        boolean increasing = Long.compareUnsigned(counter, s.lastCounter) > 0;
        boolean enforced = policy == ReplayPolicy.STRICT || s.increasingRun >= SEQUENCED_AFTER;
        if (enforced && !increasing) {
            return false;
        }
        if (increasing && Long.compareUnsigned(counter - s.lastCounter, SMALL_STEP) < 0) {
            s.increasingRun = Math.min(s.increasingRun + 1, SEQUENCED_AFTER);
        } else if (!increasing) {
            s.increasingRun = 0;
        }
        s.lastCounter = counter;
        return true;
    }

}
