package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import org.carpd.core.wire.DropReason;

/**
 * What {@link CarpEngine} records of what it heard and did: the counters of each carp interface
 * and in total, dropped packets (counted and queued as {@link Action.PacketDropped}), notices at
 * most once a minute per interface and kind, and when each interface last sent and heard.
 */
final class EngineRecords {
    /** The least time between two notices of one kind about one carp interface. */
    private static final long NOTICE_EVERY = 60 * Interval.SECOND;

    private final Queue<Action> actions;
    private final Map<String, Counters> counters = new HashMap<>();
    private final Counters total = new Counters();
    /** When each (interface, kind of notice) was last said. */
    private final Map<String, Long> noticedAt = new HashMap<>();
    /** When each carp interface last sent an advertisement (a successful send) and heard a peer's. */
    private final Map<String, Long> sentAt = new HashMap<>();
    private final Map<String, Long> heardAt = new HashMap<>();

    EngineRecords(Queue<Action> actions) {
        this.actions = actions;
    }

    /** Counters for a carp interface from now on (kept if it already has them). */
    void track(String carpInterface) {
        counters.putIfAbsent(carpInterface, new Counters());
    }

    /** Forgets the counters, times and notice times of the carp interfaces not in {@code names}. */
    void retain(Set<String> names) {
        counters.keySet().removeIf(n -> !names.contains(n));
        sentAt.keySet().removeIf(n -> !names.contains(n));
        heardAt.keySet().removeIf(n -> !names.contains(n));
        noticedAt.keySet().removeIf(k -> !names.contains(k.substring(0, k.indexOf(' '))));
    }

    /** The counters of one carp interface, or null if there is none. */
    Counters counters(String carpInterface) {
        return counters.get(carpInterface);
    }

    Counters total() {
        return total;
    }

    void reset() {
        total.reset();
        counters.values().forEach(Counters::reset);
    }

    void count(VirtualHost vh, Counter c) {
        count(vh.config().name(), c);
    }

    void count(String carpInterface, Counter c) {
        counters.get(carpInterface).increment(c);
        total.increment(c);
    }

    void sent(String carpInterface, long now) {
        sentAt.put(carpInterface, now);
    }

    void heard(String carpInterface, long now) {
        heardAt.put(carpInterface, now);
    }

    OptionalLong lastSent(String carpInterface) {
        Long t = sentAt.get(carpInterface);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    OptionalLong lastHeard(String carpInterface) {
        Long t = heardAt.get(carpInterface);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    void drop(String carpdev, String carpInterface, DropReason reason, InetAddress source, String detail) {
        Counter c = Counter.of(reason);
        total.increment(c);
        if (carpInterface != null) {
            counters.get(carpInterface).increment(c);
        }
        actions.add(new Action.PacketDropped(carpdev, carpInterface, reason, source, detail));
    }

    /** A {@link Action.PeerNotice}, at most once a minute per interface and kind. */
    void notice(long now, VirtualHost vh, String kind, InetAddress source, String message) {
        String key = vh.config().name() + ' ' + kind;
        Long last = noticedAt.get(key);
        if (last != null && now - last < NOTICE_EVERY) {
            return;
        }
        noticedAt.put(key, now);
        actions.add(new Action.PeerNotice(vh.config().name(), source, vh.config().name() + " " + message));
    }
}
