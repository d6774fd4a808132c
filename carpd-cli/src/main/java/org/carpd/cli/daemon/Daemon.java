package org.carpd.cli.daemon;

import org.carpd.cli.control.ControlHandler;

/** A running daemon, as CarpdMain sees it. */
public interface Daemon extends AutoCloseable {

    /** Answers carpctl; called on control-socket threads. */
    ControlHandler controlHandler();

    /**
     * Everything runs, the control socket included, just before systemd hears READY; called
     * once, on the main thread. The daemon may now adjust what concerns all its threads.
     */
    default void started() {
    }

    /**
     * Re-reads the configuration (SIGHUP on the main thread, {@code carpctl reload} on a
     * control-socket thread), never concurrently with itself or {@link #close()}.
     *
     * @throws Exception if the new configuration is bad; the daemon must then keep running with
     *                   the old one, and the message is logged
     */
    void reload() throws Exception;

    /** Stops: leave MASTER gracefully, remove addresses, stop threads. Called once, on the main thread. */
    @Override
    void close();
}
