package org.carpd.cli.track;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.carpd.cli.hooks.HookResult;
import org.carpd.core.config.TrackConfig;

/**
 * {@code track NAME script ...}: runs the command every interval on a tracker thread, killed
 * (with its process group) at the timeout; exit 0 passes, anything else fails. Holds its weights
 * while FAILED. Of the script's stderr only the first line, cut to {@link #MAX_SHOWN} characters,
 * is ever shown, and only when the verdict changes.
 */
final class ScriptTracker extends PeriodicTracker {
    static final int MAX_SHOWN = 160;
    private final CheckRunner runner;
    private final RiseFall counting;

    ScriptTracker(TrackConfig config, Demoter demoter, Clock clock, CheckRunner runner) {
        super(config, demoter, clock);
        this.runner = runner;
        TrackConfig.Script s = script();
        this.counting = new RiseFall(s.rise(), s.fall());
    }

    private TrackConfig.Script script() {
        return (TrackConfig.Script) config().check();
    }

    @Override
    int intervalSeconds() {
        return script().interval();
    }

    @Override
    void checkOnce() {
        runOnce();
    }

    /** One run: the script is waited for without holding the tracker's lock. */
    void runOnce() {
        if (isClosed()) {
            return;
        }
        TrackConfig.Script s = script();
        HookResult r = runner.run(name(), s.command(), Duration.ofSeconds(s.timeout()));
        if ("stopped".equals(r.error())) {
            return; // interrupted by stop(): no verdict
        }
        result(r, s.timeout());
    }

    synchronized void result(HookResult r, int timeout) {
        if (isClosed()) {
            return;
        }
        boolean passed = r.succeeded();
        String outcome = r.timedOut() ? "timed out after " + timeout + " s"
                : r.exitCode().isPresent() ? "exit " + r.exitCode().getAsInt()
                : "could not start: " + shown(r.error());
        boolean changed = counting.record(passed);
        counted(!passed, outcome, counting.streak());
        if (!changed) {
            return;
        }
        String stderr = r.stderr().isBlank() || passed ? "" : "; stderr: " + shown(r.stderr());
        String times = counting.streak() == 1 ? "" : ", " + counting.streak() + " times";
        if (counting.state() == TrackState.FAILED) {
            settle(TrackState.FAILED, "failed", outcome + times + stderr);
        } else {
            settle(TrackState.OK, state == TrackState.UNKNOWN ? "passed" : "recovered", outcome + times);
        }
    }

    /** The first line, control characters escaped, at most MAX_SHOWN characters. */
    static String shown(String text) {
        String first = text.strip().lines().findFirst().orElse("");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < first.length() && out.length() < MAX_SHOWN; i++) {
            char c = first.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        boolean cut = out.length() < first.length() || text.strip().lines().count() > 1;
        return out + (cut ? " [...]" : "");
    }

    @Override
    String kind() {
        return "script";
    }

    @Override
    String target() {
        return String.join(" ", script().command());
    }

    @Override
    Map<String, Integer> shares(TrackConfig c) {
        return state == TrackState.FAILED ? c.demote() : Map.of();
    }
}
