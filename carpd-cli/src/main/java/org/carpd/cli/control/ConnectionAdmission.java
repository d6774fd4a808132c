package org.carpd.cli.control;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may hold a control connection (watch streams included), so that no user can lock the
 * operators out: at most {@code maxPerUser} per user other than root, and users other than root
 * together at most {@code max - reservedForRoot}, so root always finds room. Thread-safe.
 */
final class ConnectionAdmission {
    private final int max;
    private final int reservedForRoot;
    private final int maxPerUser;
    private final Map<String, Integer> held = new HashMap<>();
    private int total;
    private int others;

    ConnectionAdmission(int max, int reservedForRoot, int maxPerUser) {
        if (max < 1 || reservedForRoot < 0 || reservedForRoot >= max || maxPerUser < 1) {
            throw new IllegalArgumentException("need 0 <= reservedForRoot < max and maxPerUser >= 1");
        }
        this.max = max;
        this.reservedForRoot = reservedForRoot;
        this.maxPerUser = maxPerUser;
    }

    /** Takes a connection for {@code user}; empty if admitted, else why not (for the client). */
    synchronized Optional<String> admit(String user, boolean root) {
        if (total >= max || !root && others >= max - reservedForRoot) {
            return Optional.of("too many control connections; try again later");
        }
        int mine = held.getOrDefault(user, 0);
        if (!root && mine >= maxPerUser) {
            return Optional.of("user " + user + " already holds " + mine
                    + " control connections, the most one user may (close a carpctl watch?)");
        }
        held.put(user, mine + 1);
        total++;
        if (!root) {
            others++;
        }
        return Optional.empty();
    }

    /** Gives back a connection admitted for {@code user} ({@code root} as when admitted). */
    synchronized void release(String user, boolean root) {
        held.computeIfPresent(user, (u, n) -> n == 1 ? null : n - 1);
        total--;
        if (!root) {
            others--;
        }
    }

    synchronized int held(String user) {
        return held.getOrDefault(user, 0);
    }
}
