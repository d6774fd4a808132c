package org.carpd.core.engine;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Demotion counters per interface group, as OpenBSD's {@code carpdemote}: a carp interface
 * advertises the sum of its groups' counters (at most 255), so raising the counter of group
 * {@code carp} (every carp interface's group) hands all vhids to the peer together.
 */
public final class DemotionGroups {
    public static final int MAX = 255;
    private final Map<String, Integer> counters = new TreeMap<>();

    /** The demote value for an interface in these groups. */
    public int demoteOf(Collection<String> groups) {
        int sum = 0;
        for (String g : groups) {
            sum += counters.getOrDefault(g, 0);
        }
        return Math.min(sum, MAX);
    }

    public int get(String group) {
        return counters.getOrDefault(group, 0);
    }

    /** Adds {@code delta}, clamping to 0..255; returns the new value. */
    int adjust(String group, int delta) {
        int value = Math.max(0, Math.min(MAX, get(group) + delta));
        counters.put(group, value);
        return value;
    }

    /** Sets the counter, 0..255; returns the new value. */
    int set(String group, int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("carpdemote must be 0.." + MAX + ": " + value);
        }
        counters.put(group, value);
        return value;
    }

    /** Forgets the counters of groups not in {@code groups}. */
    void retain(Set<String> groups) {
        counters.keySet().retainAll(groups);
    }

    /** All groups with a counter, for carpctl. */
    public Map<String, Integer> snapshot() {
        return new TreeMap<>(counters);
    }
}
