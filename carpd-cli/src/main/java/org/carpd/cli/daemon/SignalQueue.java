package org.carpd.cli.daemon;

import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import org.carpd.cli.posix.Posix;
import org.carpd.net.ffi.LibC;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns POSIX signals into queue entries for the main thread, so reloads and shutdown run there
 * and not on the JVM's signal thread. Replaces the JVM's default SIGTERM/SIGINT handling (which
 * would exit at once) with an orderly stop. sun.misc.Signal is the only JDK API for this.
 *
 * <p>One queue per process: {@link #hangupFirst()} handles SIGHUP as the first thing carpd's
 * {@code main} does, because the JVM's own SIGHUP handler ends the process (status 129); the
 * launcher ignores SIGHUP until then (an ignored signal stays ignored across exec, and the JVM
 * then leaves it alone), so carpd puts the default back and handles it.
 */
public final class SignalQueue {
    private static final SignalQueue INSTANCE = new SignalQueue();
    private static final Set<String> HANDLED = ConcurrentHashMap.newKeySet();

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private SignalQueue() {
    }

    /** Handles SIGHUP from now on (queued until the daemon reads it). Call first in main. */
    public static void hangupFirst() {
        handle("HUP");
    }

    /** Handles the named signals (e.g. "HUP", "TERM", "INT") from now on. */
    public static SignalQueue install(String... names) {
        for (String name : names) {
            handle(name);
        }
        return INSTANCE;
    }

    private static synchronized void handle(String name) {
        if (!HANDLED.add(name)) {
            return;
        }
        Signal signal = new Signal(name);
        SignalHandler handler = s -> INSTANCE.received.add(s.getName());
        SignalHandler old = Signal.handle(signal, handler);
        if (old == SignalHandler.SIG_IGN && name.equals("HUP")) {
            // ignored by the launcher (or nohup): the JVM installs no handler over SIG_IGN
            try {
                LibC.INSTANCE.signal(signal.getNumber(), Posix.SIG_DFL);
            } catch (LinkageError | RuntimeException e) {
                return; // no libc binding: SIGHUP stays ignored (no reloads by signal), not fatal
            }
            Signal.handle(signal, handler);
        }
    }

    /** Forgets queued signals of this name (e.g. a SIGHUP that came before the first configuration read). */
    public void discard(String name) {
        received.removeIf(name::equals);
    }

    /** Waits for the next signal; returns its name without "SIG". */
    public String take() throws InterruptedException {
        return received.take();
    }
}
