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
 * it, one per address family (a dual-stack master sends each counter over IPv4 and IPv6). Under {@link ReplayPolicy#STRICT} and {@link ReplayPolicy#AUTO} an advertisement is
 * accepted only if its counter is above that mark, whoever sent it. This holds for every peer
 * that counts: carpd sends {@code max(own + 1, mark + 1)}, and ucarp and FreeBSD adopt the
 * counter they hear and add one per packet, so the senders of a vhid share one increasing chain
 * (after a partition, the side that fell behind joins it with its next advertisement).
 *
 * <p>OpenBSD repeats one random cookie for the life of the vhid, which no replay check can tell
 * from a replay. {@link ReplayPolicy#AUTO} accepts it narrowly: a sender whose first accepted
 * counter was above the mark (so it was never on the wire before) and who then repeats exactly
 * that counter, and nothing else, is a fixed-counter peer; its cookie is accepted from then on
 * (from that address; as with OpenBSD itself, its own advertisements can be replayed) and taken
 * back out of the mark, so a later new cookie is still above it. A counter that was ever accepted
 * or sent can never become a cookie, so captured carpd, ucarp or FreeBSD advertisements stay
 * rejected from any source.
 *
 * <p>Only authenticated advertisements reach the guard, so a forger without the key can neither
 * raise the mark nor fill the table of senders.
 */
final class ReplayGuard {
    private static final int MAX_SENDERS = 64;

    /** What the guard made of one advertisement. */
    enum Verdict {
        /** Above the mark; the engine may adopt the counter for its own. */
        ACCEPTED,
        /** Above the mark, the first from this sender: accepted, not adopted (it may be a cookie). */
        ACCEPTED_FIRST,
        /** A fixed-counter (OpenBSD) peer's cookie. */
        ACCEPTED_COOKIE,
        /** The same, and this packet is the one that showed it (for a log line). */
        ACCEPTED_NEW_COOKIE,
        /** At or below the mark. */
        REPLAY,
        /** At or below the mark, repeating the sender's first counter: a cookie that strict refuses. */
        REPLAY_COOKIE
    }

    private static final class Sender {
        final long first;
        /** The mark before this sender's first counter raised it, or the mark's "none". */
        final long markBefore;
        final boolean hadMarkBefore;
        boolean changed;
        boolean cookie;

        Sender(long first, long markBefore, boolean hadMarkBefore) {
            this.first = first;
            this.markBefore = markBefore;
            this.hadMarkBefore = hadMarkBefore;
        }
    }

    private final Map<InetAddress, Sender> senders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Sender> eldest) {
            return size() > MAX_SENDERS;
        }
    };
    private ReplayPolicy policy;
    /** One mark per address family, [0] IPv4 and [1] IPv6: a dual-stack master sends each counter in both. */
    private final long[] mark = new long[2];
    private final boolean[] hasMark = new boolean[2];
    /** Our own counters on this vhid since start: they identify our packets looping back. */
    private long firstSent;
    private long lastSent;
    private boolean sentAny;

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
        if (s != null && s.cookie) {
            if (counter == s.first && policy != ReplayPolicy.STRICT) {
                return Verdict.ACCEPTED_COOKIE;
            }
            if (above(counter, f)) {
                senders.remove(sender); // an OpenBSD peer that restarted has a new cookie
                s = null;
            }
        }
        if (above(counter, f) || policy == ReplayPolicy.OFF) {
            if (s == null) {
                senders.put(sender, new Sender(counter, mark[f], hasMark[f]));
            } else if (counter != s.first) {
                s.changed = true;
            }
            raise(counter, f);
            return s == null ? Verdict.ACCEPTED_FIRST : Verdict.ACCEPTED;
        }
        if (s == null || s.changed || counter != s.first) {
            return Verdict.REPLAY;
        }
        if (policy == ReplayPolicy.STRICT) {
            return Verdict.REPLAY_COOKIE;
        }
        s.cookie = true;
        if (hasMark[f] && mark[f] == s.first) {
            // Nothing else raised the mark since the cookie did: take it back out, keeping ours.
            mark[f] = s.markBefore;
            hasMark[f] = s.hadMarkBefore;
            if (sentAny) {
                raise(lastSent, f);
            }
        }
        return Verdict.ACCEPTED_NEW_COOKIE;
    }

    /** Records a counter we send on this vhid. */
    void sent(long counter) {
        if (!sentAny) {
            firstSent = counter;
            sentAny = true;
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

    /** The lowest counter that we may send next: above everything accepted or sent. */
    long next(long ownNext) {
        return hasMark() && Long.compareUnsigned(mark(), ownNext) >= 0 ? mark() + 1 : ownNext;
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

    /** Restores a mark saved by an earlier run. */
    void restoreMark(long saved) {
        raise(saved, 0);
        raise(saved, 1);
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
