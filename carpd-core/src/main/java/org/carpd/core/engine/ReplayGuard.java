package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.BitSet;
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
    /** A repeated counter this far below the floor can only be a cookie (see cookieBelowChain). */
    private static final long COOKIE_DISTANCE = 1L << 48;

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
    private boolean sentAny;
    /**
     * The highest counter heard from another host that belongs to the chain, restored from the
     * state directory, or let through by {@link #acceptsBelowMark} (else our first counter).
     */
    private long heardFloor;
    private boolean hasHeardFloor;
    /** The mark an earlier run saved, and the low byte of its counters (-1: none). */
    private long restoredMark;
    private int restoredOwnByte = -1;
    private final AdoptedChains adopted = new AdoptedChains();
    /** The low bytes of the counters we sent since start (see acceptsBelowMark). */
    private final BitSet ownBytes = new BitSet(256);

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
            if (adopted.continues(counter)) {
                hear(counter);
                return Verdict.ACCEPTED; // ucarp or FreeBSD counting on from one of ours
            }
            if (policy == ReplayPolicy.AUTO && farBelowChain(counter)) {
                return cookieBelowChain(sender, s, counter);
            }
            return s != null && !s.proven ? Verdict.REPLAY_UNPROVEN : Verdict.REPLAY;
        }
        adopted.accepted(counter); // not accepted again below the mark
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
        if (s.proven || policy == ReplayPolicy.STRICT
                || hasMark() && Long.compareUnsigned(counter - mark(), COUNTING_STEP) < 0) {
            hear(counter); // a cookie or a random counter far above the chain is not part of it
        }
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
     * Whether an authenticated advertisement that {@link #check} refused as a replay is accepted
     * after all, under {@link ReplayPolicy#AUTO}: a ucarp or FreeBSD host that has not heard us
     * since a partition (or a crash) still counts on from its own older chain, below the mark our
     * own advertisements raised. Everything we heard from other hosts is at or below the floor
     * and every counter we sent has our low byte, so a counter above the floor that cannot be ours
     * was never on the wire while we listened; it is accepted once and raises the floor, so each
     * such counter gets through at most once, in increasing order (the same exposure as a counter
     * above the mark that we did not hear). Without this, two masters last until the peer has
     * heard our next advertisement and sent its own, and a backup takes over from a live master.
     * Nothing is let through before the floor is known (heard near the chain, restored from the
     * state directory, or our first counter).
     */
    boolean acceptsBelowMark(long counter) {
        if (policy != ReplayPolicy.AUTO || !hasHeardFloor || Long.compareUnsigned(counter, heardFloor) <= 0
                || sentByUs(counter) && ownBytes.get((int) (counter & 0xff))
                || Long.compareUnsigned(counter, restoredMark) <= 0 && (counter & 0xff) == restoredOwnByte) {
            return false;
        }
        heardFloor = counter;
        adopted.accepted(counter);
        return true;
    }

    private void hear(long counter) {
        if (!hasHeardFloor || Long.compareUnsigned(counter, heardFloor) > 0) {
            heardFloor = counter;
            hasHeardFloor = true;
        }
    }

    /**
     * An OpenBSD peer whose random cookie fell below our chain (about one vhid in 8,000): the
     * same counter from the same source a second time, so far below everything heard that no
     * chain carpd drove can have made it (2^48 is over eight years of carpd's clock), is taken
     * for a cookie and accepted as any sender that does not count (never raising the mark).
     * The first is refused; an entry for its source remembers it.
     */
    private Verdict cookieBelowChain(InetAddress sender, Sender s, long counter) {
        if (s == null) {
            senders.put(sender, new Sender(counter, false));
            return Verdict.REPLAY;
        }
        if (s.proven || s.last != counter) {
            return s.proven ? Verdict.REPLAY : Verdict.REPLAY_UNPROVEN;
        }
        if (s.waived) {
            return Verdict.ACCEPTED_UNPROVEN;
        }
        s.waived = true;
        return Verdict.ACCEPTED_NEW_UNPROVEN;
    }

    private boolean farBelowChain(long counter) {
        return hasHeardFloor && Long.compareUnsigned(heardFloor - counter, COOKIE_DISTANCE) > 0
                && Long.compareUnsigned(counter, heardFloor) < 0;
    }

    /** Records a counter we send on this vhid. */
    void sent(long counter) {
        if (!sentAny) {
            firstSent = counter;
            sentAny = true;
            if (!hasHeardFloor) {
                // Nothing heard or restored: our first counter follows the clock, so what carpd
                // hosts sent on this vhid before is below it.
                hear(counter);
            }
        }
        lastSent = counter;
        ownBytes.set((int) (counter & 0xff)); // one byte, unless the carpdev's address changed
        adopted.sent(counter);
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
    void restore(ReplayMemory saved) {
        long savedMark = saved.mark();
        raise(savedMark, 0);
        raise(savedMark, 1);
        hear(saved.ownByte() < 0 ? savedMark : saved.heard());
        if (saved.ownByte() >= 0) {
            restoredMark = savedMark;
            restoredOwnByte = saved.ownByte();
        }
        saved.senders().forEach((a, proven) -> senders.putIfAbsent(a, new Sender(savedMark, proven)));
    }

    /** What to keep across restarts. */
    ReplayMemory memory() {
        return new ReplayMemory(mark(), hasHeardFloor ? heardFloor : mark(),
                sentAny ? (int) (lastSent & 0xff) : restoredOwnByte, senders());
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
