package org.carpd.cli.daemon;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.carpd.cli.hooks.HookRunner;

/**
 * What CarpdMain hands the daemon at start.
 *
 * @param configFile the configuration file ({@code -c})
 * @param hooks      where to run state-change hooks; owned and closed by CarpdMain
 * @param status     a one-line status for {@code systemctl status} (sd_notify STATUS=); call it
 *                   on state changes, e.g. "carp0 vhid 1 MASTER"
 * @param stateDir   where the daemon keeps state across restarts ({@code --state-dir})
 * @param watchdog   to be told {@code System.nanoTime()} at every turn of the protocol loop (the
 *                   systemd watchdog's pacer; does nothing without WatchdogSec=)
 */
public record DaemonContext(Path configFile, HookRunner hooks, Consumer<String> status, Path stateDir,
                            LongConsumer watchdog) {
    public DaemonContext(Path configFile, HookRunner hooks, Consumer<String> status, Path stateDir) {
        this(configFile, hooks, status, stateDir, now -> { });
    }
}
