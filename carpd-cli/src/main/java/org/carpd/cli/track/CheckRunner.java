package org.carpd.cli.track;

import java.time.Duration;
import java.util.List;
import org.carpd.cli.hooks.HookResult;

/** Runs a script check to its end or its timeout (the daemon: {@code HookRunner.runCheck}). */
@FunctionalInterface
public interface CheckRunner {
    HookResult run(String tracker, List<String> argv, Duration timeout);
}
