package org.carpd.core.engine;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Demotion counters per interface group, as OpenBSD's {@code carpdemote}: a carp interface
 * advertises the sum of its groups' counters (at most 255), so raising the counter of group
 * {@code carp} (every carp interface's group) hands all vhids to the peer together.
 *
 * <p>A group's value is its adjustable counter (operator, carpdev and send-failure demotions)
 * plus the shares held by named holders (health trackers), at most 255. A share is set, not
 * added, and kept apart from the counter, so clamping never eats it: releasing it takes away
 * exactly what it added, whatever the operator and other holders did meanwhile.
 */
public final class DemotionGroups {
    public static final int MAX = 255;
    private final Map<String, Integer> counters = new TreeMap<>();
    /** group -> holder -> share (1..255). */
    private final Map<String, Map<String, Integer>> held = new TreeMap<>();

    /** The demote value for an interface in these groups. */
    public int demoteOf(Collection<String> groups) {
        int sum = 0;
        for (String g : groups) {
            sum += get(g);
        }
        return Math.min(sum, MAX);
    }

    /** The group's value: its counter plus the held shares, at most 255. */
    public int get(String group) {
        int sum = counters.getOrDefault(group, 0);
        for (int share : held.getOrDefault(group, Map.of()).values()) {
            sum += share;
        }
        return Math.min(sum, MAX);
    }

    /** Adds {@code delta} to the group's counter, clamping it to 0..255; returns the group's new value. */
    int adjust(String group, int delta) {
        int value = Math.max(0, Math.min(MAX, counters.getOrDefault(group, 0) + delta));
        counters.put(group, value);
        return get(group);
    }

    /** Sets {@code holder}'s share of the group (0 releases it); returns the group's new value. */
    int hold(String holder, String group, int share) {
        if (share < 0 || share > MAX) {
            throw new IllegalArgumentException("a held demotion must be 0.." + MAX + ": " + share);
        }
        if (share == 0) {
            Map<String, Integer> shares = held.get(group);
            if (shares != null) {
                shares.remove(holder);
                if (shares.isEmpty()) {
                    held.remove(group);
                }
            }
        } else {
            held.computeIfAbsent(group, g -> new TreeMap<>()).put(holder, share);
        }
        return get(group);
    }

    /** {@code holder}'s share of the group, 0 if none. */
    public int heldBy(String holder, String group) {
        return held.getOrDefault(group, Map.of()).getOrDefault(holder, 0);
    }

    /** group -> holder -> share, for carpctl. */
    public Map<String, Map<String, Integer>> holds() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        held.forEach((g, shares) -> out.put(g, new TreeMap<>(shares)));
        return out;
    }

    /** Sets the counter, 0..255; returns the group's new value. */
    int set(String group, int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("carpdemote must be 0.." + MAX + ": " + value);
        }
        counters.put(group, value);
        return get(group);
    }

    /** Forgets the counters and shares of groups not in {@code groups}. */
    void retain(Set<String> groups) {
        counters.keySet().retainAll(groups);
        held.keySet().retainAll(groups);
    }

    /** All groups with a counter or a share, and their values, for carpctl. */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        counters.keySet().forEach(g -> out.put(g, get(g)));
        held.keySet().forEach(g -> out.put(g, get(g)));
        return out;
    }
}
