package org.carpd.cli.track;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.carpd.cli.hooks.HookResult;
import org.slf4j.LoggerFactory;

/** Test doubles for trackers: a scheduler run by hand, scripted check results, a recording demoter, the log. */
final class Fakes {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T15:00:00Z"), ZoneOffset.UTC);

    private Fakes() {
    }

    static HookResult exit(int code) {
        return new HookResult(OptionalInt.of(code), false, "", "");
    }

    static HookResult exit(int code, String stderr) {
        return new HookResult(OptionalInt.of(code), false, stderr, "");
    }

    static HookResult timedOut() {
        return new HookResult(OptionalInt.empty(), true, "", "");
    }

    /** Periodic tasks, run only when the test says so. */
    static final class ManualScheduler implements Scheduler {
        record Task(Duration period, Runnable task, boolean[] cancelled) {
        }

        final List<Task> tasks = new ArrayList<>();

        @Override
        public AutoCloseable every(Duration period, Runnable task) {
            Task t = new Task(period, task, new boolean[1]);
            tasks.add(t);
            return () -> t.cancelled()[0] = true;
        }

        /** Runs every live task with this period once (a tick of that length). */
        void tick(Duration period) {
            for (Task t : new ArrayList<>(tasks)) {
                if (!t.cancelled()[0] && t.period().equals(period)) {
                    t.task().run();
                }
            }
        }

        long live() {
            return tasks.stream().filter(t -> !t.cancelled()[0]).count();
        }
    }

    /** Hands out queued results, one per run, and records what it was asked to run. */
    static final class ScriptedRunner implements CheckRunner {
        final Deque<HookResult> results = new ArrayDeque<>();
        final List<List<String>> runs = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();

        ScriptedRunner then(HookResult... next) {
            results.addAll(List.of(next));
            return this;
        }

        @Override
        public HookResult run(String tracker, List<String> argv, Duration timeout) {
            runs.add(argv);
            timeouts.add(timeout);
            return results.removeFirst();
        }
    }

    /** Records every share set, "holder group share", and can be made to fail. */
    static final class RecordingDemoter implements Demoter {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> reasons = new CopyOnWriteArrayList<>();
        volatile int failNext;

        @Override
        public void hold(String holder, String group, int share, String why) throws Exception {
            if (failNext > 0) {
                failNext--;
                throw new IllegalStateException("the protocol thread did not answer");
            }
            calls.add(holder + " " + group + " " + share);
            reasons.add(why);
        }
    }

    /** The "carpd" logger's messages while attached, as "LEVEL message". */
    static final class Log extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Logger logger = (Logger) LoggerFactory.getLogger("carpd");

        Log() {
            start();
            logger.addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLevel() + " " + e.getFormattedMessage());
        }

        @Override
        public void close() {
            logger.detachAppender(this);
        }
    }
}
