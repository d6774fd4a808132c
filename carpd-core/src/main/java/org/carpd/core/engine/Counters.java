package org.carpd.core.engine;

import java.util.EnumMap;
import java.util.Map;

/** A mutable set of {@link Counter}s; the engine keeps one per carp interface and one total. */
public final class Counters {
    private static final Counter[] ALL = Counter.values();
    private final long[] values = new long[ALL.length];

    public void increment(Counter counter) {
        values[counter.ordinal()]++;
    }

    public long get(Counter counter) {
        return values[counter.ordinal()];
    }

    public void reset() {
        java.util.Arrays.fill(values, 0);
    }

    /** A copy, in the enum's order. */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> copy = new EnumMap<>(Counter.class);
        for (Counter c : ALL) {
            copy.put(c, values[c.ordinal()]);
        }
        return copy;
    }
}
