package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.Map;

/**
 * What one vhid's replay protection keeps across restarts.
 *
 * @param mark    the highest counter accepted or sent on the vhid
 * @param heard   the highest counter heard from other hosts on the chain (at most the mark; the
 *                counters above it up to the mark were ours, see {@code ReplayGuard.acceptsBelowMark})
 * @param ownByte the low byte of our counters in that run, or -1 if we sent none
 * @param senders the senders it knew: true for those proven to count (held to the mark), false
 *                for those that do not count (OpenBSD's cookie; see {@code ReplayGuard})
 */
public record ReplayMemory(long mark, long heard, int ownByte, Map<InetAddress, Boolean> senders) {
    public ReplayMemory {
        senders = Map.copyOf(senders);
    }

    /** A memory saved before the heard floor was kept: everything up to the mark counts as heard. */
    public ReplayMemory(long mark, Map<InetAddress, Boolean> senders) {
        this(mark, mark, -1, senders);
    }
}
