package org.carpd.cli.daemon;

import java.nio.file.Path;

/**
 * Creates the running daemon. Implemented by the engine/event-loop side and found with
 * {@link java.util.ServiceLoader}; CarpdMain uses the first one found.
 */
public interface DaemonFactory {

    /**
     * Parses and validates the configuration, touching nothing ({@code carpd --check}).
     *
     * @return a one-line summary for the user, e.g. "2 carp interfaces, 3 addresses"
     * @throws Exception with a message fit for the user (file, line, what is wrong; no secrets)
     */
    String check(Path configFile) throws Exception;

    /**
     * Starts the daemon: reads the configuration, opens sockets, starts its threads, and returns
     * once it runs. Called once, on the main thread.
     *
     * @throws Exception with a message fit for the user; CarpdMain then exits 1
     */
    Daemon start(DaemonContext context) throws Exception;
}
