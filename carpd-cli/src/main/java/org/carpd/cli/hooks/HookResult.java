package org.carpd.cli.hooks;

import java.util.OptionalInt;

/**
 * How a hook run ended.
 *
 * @param exitCode exit status; empty if it could not be started or was killed on timeout
 * @param timedOut whether it was killed for running too long
 * @param stderr   the start of what it wrote to stderr (bounded)
 * @param error    why it could not be started, or ""
 */
public record HookResult(OptionalInt exitCode, boolean timedOut, String stderr, String error) {
    public boolean succeeded() {
        return exitCode.isPresent() && exitCode.getAsInt() == 0;
    }
}
