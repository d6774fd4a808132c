package org.carpd.cli.daemon;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import sun.misc.Signal;

/**
 * Turns POSIX signals into queue entries for the main thread, so reloads and shutdown run there
 * and not on the JVM's signal thread. Replaces the JVM's default SIGTERM/SIGINT handling (which
 * would exit at once) with an orderly stop. sun.misc.Signal is the only JDK API for this.
 */
public final class SignalQueue {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    /** Handles the named signals (e.g. "HUP", "TERM", "INT") from now on. */
    public static SignalQueue install(String... names) {
        SignalQueue q = new SignalQueue();
        for (String name : names) {
            Signal.handle(new Signal(name), s -> q.received.add(s.getName()));
        }
        return q;
    }

    /** Waits for the next signal; returns its name without "SIG". */
    public String take() throws InterruptedException {
        return received.take();
    }
}
