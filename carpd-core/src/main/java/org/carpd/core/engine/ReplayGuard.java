package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carpd.core.config.ReplayPolicy;

/**
 * Replay protection for one vhid, keyed by the vhid, not by the sender: the HMAC covers the
 * counter but not the IP source, so a per-source check is bypassed by replaying a captured
 * advertisement from another address.
 *
 * <p>The guard keeps a high-water mark: the highest counter accepted on the vhid or sent by us on
 * it, one per address family (a dual-stack master sends each counter over IPv4 and IPv6). A
 * sender we have never accepted anything from is accepted only above the mark. This holds for
 * every peer that counts: carpd sends above the mark, and ucarp and FreeBSD adopt the counter
 * they hear and add one per packet, so the senders of a vhid share one increasing chain (after a
 * partition, the side that fell behind joins it with its next advertisement).
 *
 * <p>Every advertisement must be above the mark. Under {@link ReplayPolicy#STRICT} each accepted
 * counter raises it. Some peers do not count, though: OpenBSD repeats one random cookie for the
 * life of the vhid, and ucarp and FreeBSD send a fresh random counter in every advertisement
 * until they first hear another host; strict refuses them after their first advertisement. Under
 * {@link ReplayPolicy#AUTO} only <em>proven</em> senders raise the mark: those whose last two
 * accepted counters stepped up by less than 2^40 (carpd's follow the clock, ucarp's and FreeBSD's count by
 * one once they have adopted one). A cookie or a random counter is accepted while it is above
 * the mark but never moves it, so it cannot hold the chain up or push it past another peer's
 * cookie; carpd's chain stays near 2^51, far below almost every random 64-bit cookie. As with
 * those implementations themselves, such a peer's own advertisements can be replayed (the
 * engine says so once); captured advertisements of counting peers are at or below the mark and
 * stay rejected from any source.
 *
 * <p>Only authenticated advertisements reach the guard, so a forger without the key can neither
 * raise the mark nor fill the table of senders.
 */
final class ReplayGuard {
    private static final int MAX_SENDERS = 64;
    /** Two counters of a sender this close, in this order, show that it counts. */
    private static final long COUNTING_STEP = 1L << 40;

    /** What the guard made of one advertisement. */
    enum Verdict {
        /** Above the mark. */
        ACCEPTED,
        /** At or below the mark from a sender that does not count (auto). */
        ACCEPTED_UNPROVEN,
        /** The same, the first time for this sender: the engine says so. */
        ACCEPTED_NEW_UNPROVEN,
        /** At or below the mark. */
        REPLAY,
        /** At or below the mark, from a sender that does not count: strict refuses it. */
        REPLAY_UNPROVEN
    }

    /** What we know of one sender; also what is saved across restarts. */
    static final class Sender {
        long last;
        boolean proven;
        boolean waived;

        Sender(long last, boolean proven) {
            this.last = last;
            this.proven = proven;
        }
    }

    private final Map<InetAddress, Sender> senders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Sender> eldest) {
            return size() > MAX_SENDERS;
        }
    };
    private ReplayPolicy policy;
    private final long[] mark = new long[2];
    private final boolean[] hasMark = new boolean[2];
    /** The highest counter of a not yet proven sender that was close above the mark. */
    private long nearChain;
    private boolean hasNearChain;
    /** Our own counters on this vhid since start: they identify our packets looping back. */
    private long firstSent;
    private long lastSent;
    private long previousSent;
    private boolean sentAny;
    /** Adopted counters accepted below the mark, each once (see adoptedFromUs). */
    private final long[] adoptedSeen = {-1, -1};
    private int adoptedNext;

    ReplayGuard(ReplayPolicy policy) {
        this.policy = policy;
    }

    void setPolicy(ReplayPolicy policy) {
        this.policy = policy;
    }

    /** Checks an authenticated advertisement's counter and, if it is accepted, records it. */
    Verdict check(InetAddress sender, long counter) {
        int f = sender.getAddress().length == 16 ? 1 : 0;
        Sender s = senders.get(sender);
        if (!above(counter, f) && policy != ReplayPolicy.OFF) {
            if (adoptedFromUs(counter)) {
                return Verdict.ACCEPTED; // ucarp or FreeBSD answering our advertisement (see adoptedFromUs)
            }
            return s != null && !s.proven ? Verdict.REPLAY_UNPROVEN : Verdict.REPLAY;
        }
        if (sentAny && (counter == lastSent + 1 || counter == previousSent + 1)) {
            remember(counter); // an adopted counter accepted above the mark is not accepted again below it
        }
        boolean first = s == null;
        if (first) {
            s = new Sender(counter, false);
            senders.put(sender, s);
        } else {
            // Proven while it keeps counting: a far jump (it restarted with a random counter, or
            // adopted a cookie) makes it a sender that does not count, until it counts again.
            long step = counter - s.last;
            s.proven = step != 0 && Long.compareUnsigned(step, COUNTING_STEP) < 0;
        }
        s.last = counter;
        if (s.proven || policy == ReplayPolicy.STRICT) {
            raise(counter, f);
            return Verdict.ACCEPTED;
        }
        if (hasMark() && Long.compareUnsigned(counter - mark(), COUNTING_STEP) < 0) {
            // Near our chain (a carpd peer's first advertisement, say): send above it, so that
            // the peer accepts ours; a cookie or a random counter is far above and is not followed.
            nearChain = hasNearChain && Long.compareUnsigned(nearChain, counter) > 0 ? nearChain : counter;
            hasNearChain = true;
        }
        if (policy == ReplayPolicy.OFF) {
            return Verdict.ACCEPTED;
        }
        // A sender that does not (yet) count is accepted above the mark but does not move it, so
        // that a cookie or a random counter never holds the chain up (or pushes it past another
        // peer's cookie). Its second advertisement shows whether it counts.
        if (first || s.waived) {
            return first ? Verdict.ACCEPTED : Verdict.ACCEPTED_UNPROVEN;
        }
        s.waived = true;
        return Verdict.ACCEPTED_NEW_UNPROVEN;
    }

    /**
     * ucarp and FreeBSD send the counter they last heard plus one. When we send on the same
     * timer, our next advertisement can leave before theirs arrives, and theirs, one above our
     * previous counter, is then below the mark every time. A counter exactly one above one of
     * our last two is accepted once: only a host that heard that advertisement (and has the key)
     * can have made it, and at most one copy of it gets through.
     */
    private boolean adoptedFromUs(long counter) {
        boolean fresh = sentAny && (counter == lastSent + 1 || previousSent != lastSent && counter == previousSent + 1);
        if (!fresh || counter == adoptedSeen[0] || counter == adoptedSeen[1]) {
            return false;
        }
        remember(counter);
        return true;
    }

    private void remember(long adopted) {
        adoptedSeen[adoptedNext] = adopted;
        adoptedNext ^= 1;
    }

    /** Records a counter we send on this vhid. */
    void sent(long counter) {
        if (!sentAny) {
            firstSent = counter;
            sentAny = true;
            previousSent = counter;
        } else {
            previousSent = lastSent;
        }
        lastSent = counter;
        raise(counter, 0);
        raise(counter, 1);
    }

    /** True if {@code counter} is one we could have sent on this vhid since start. */
    boolean sentByUs(long counter) {
        return sentAny && Long.compareUnsigned(counter, firstSent) >= 0
                && Long.compareUnsigned(counter, lastSent) <= 0;
    }

    /** The highest counter we must send above: the mark, or a counter near it from a new sender. */
    long sendFloor() {
        long m = mark();
        return hasNearChain && (!hasMark() || Long.compareUnsigned(nearChain, m) > 0) ? nearChain : m;
    }

    /** Whether any counter was accepted, sent or restored yet. */
    boolean hasMark() {
        return hasMark[0] || hasMark[1];
    }

    /** The high-water mark of both families, to keep across restarts and to send above. */
    long mark() {
        if (!hasMark[1] || hasMark[0] && Long.compareUnsigned(mark[0], mark[1]) >= 0) {
            return mark[0];
        }
        return mark[1];
    }

    /** The senders we know, to keep across restarts (a proven sender stays held to the mark). */
    Map<InetAddress, Boolean> senders() {
        Map<InetAddress, Boolean> out = new LinkedHashMap<>();
        senders.forEach((a, s) -> out.put(a, s.proven));
        return out;
    }

    /** Restores what an earlier run saved: the mark and the senders it knew. */
    void restore(long savedMark, Map<InetAddress, Boolean> knownSenders) {
        raise(savedMark, 0);
        raise(savedMark, 1);
        knownSenders.forEach((a, proven) -> senders.putIfAbsent(a, new Sender(savedMark, proven)));
    }

    private boolean above(long counter, int f) {
        return !hasMark[f] || Long.compareUnsigned(counter, mark[f]) > 0;
    }

    private void raise(long counter, int f) {
        if (above(counter, f)) {
            mark[f] = counter;
            hasMark[f] = true;
        }
    }
}
