package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.Map;

/**
 * What one vhid's replay protection keeps across restarts.
 *
 * @param mark    the highest counter accepted or sent on the vhid
 * @param senders the senders it knew: true for those proven to count (held to the mark), false
 *                for those that do not count (OpenBSD's cookie; see {@code ReplayGuard})
 */
public record ReplayMemory(long mark, Map<InetAddress, Boolean> senders) {
    public ReplayMemory {
        senders = Map.copyOf(senders);
    }
}
