package org.carpd.testing.sim;

import java.util.PriorityQueue;

/**
 * Simulated monotonic time in nanoseconds with an event queue. Events at the same instant run
 * in the order they were scheduled.
 */
public final class VirtualClock {
    private record Event(long at, long seq, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    public long now() {
        return now;
    }

    /** Runs {@code task} at absolute time {@code at} (not before now). */
    public void schedule(long at, Runnable task) {
        queue.add(new Event(Math.max(at, now), seq++, task));
    }

    public void scheduleIn(long delay, Runnable task) {
        schedule(now + delay, task);
    }

    /** Runs every event up to and including {@code until}, then sets the clock there. */
    public void runUntil(long until) {
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Event e = queue.poll();
            now = e.at;
            e.task.run();
        }
        now = Math.max(now, until);
    }

    public void advance(long delta) {
        runUntil(now + delta);
    }
}
