package org.carpd.cli.daemon;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.carpd.cli.hooks.HookRunner;

/**
 * What CarpdMain hands the daemon at start.
 *
 * @param configFile the configuration file ({@code -c})
 * @param hooks      where to run state-change hooks; owned and closed by CarpdMain
 * @param status     a one-line status for {@code systemctl status} (sd_notify STATUS=); call it
 *                   on state changes, e.g. "carp0 vhid 1 MASTER"
 * @param stateDir   where the daemon keeps state across restarts ({@code --state-dir})
 */
public record DaemonContext(Path configFile, HookRunner hooks, Consumer<String> status, Path stateDir) {
}
