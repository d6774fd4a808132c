package org.carpd.cli.logging;

import java.util.TimeZone;

import org.slf4j.event.Level;

/**
 * The text of one log line for each {@link LogSetup.Target}, exactly as the bundled logback file of
 * that target writes it (LogbackConfigurationsTest compares them):
 * <ul>
 *   <li>JOURNAL {@code %sdprio%logger{0}: %msg%n%ex}
 *   <li>CONSOLE {@code %d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n%ex}
 *   <li>SYSLOG {@code %logger{0}: %msg%n%ex{short}} (the body; {@link DevLog} adds the header)
 *   <li>CLIENT {@code carpctl: %msg%n} (logback adds {@code %ex} to a pattern without one)
 * </ul>
 */
public final class LogFormat {
    private LogFormat() {
    }

    /** The line (with its newline, and a stack trace after it if {@code thrown} is set). */
    public static String line(LogSetup.Target target, String logger, Level level, boolean notice, String message,
            Throwable thrown, long millis) {
        StringBuilder sb = new StringBuilder(80 + message.length());
        switch (target) {
            case CLIENT -> sb.append("carpctl");
            case JOURNAL -> sb.append('<').append(SyslogSeverity.of(level.toInt(), notice)).append('>');
            case CONSOLE -> {
                clock(sb, millis, true);
                String name = level.name();
                sb.append(' ').append(name).append(" ".repeat(Math.max(0, 5 - name.length()))).append(' ');
            }
            case SYSLOG -> {
            }
        }
        if (target != LogSetup.Target.CLIENT) {
            sb.append(simpleName(logger));
        }
        sb.append(": ").append(message).append('\n');
        if (thrown != null) {
            sb.append(trace(thrown, target == LogSetup.Target.SYSLOG));
        }
        return sb.toString();
    }

    /** logback's {@code %logger{0}}: the part after the last dot. */
    static String simpleName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    /**
     * Local time of day, {@code HH:mm:ss} and with {@code withMillis} {@code .SSS}. TimeZone
     * rather than java.time's formatters: they would load some 60 classes for two formats.
     */
    static void clock(StringBuilder sb, long millis, boolean withMillis) {
        long msOfDay = Math.floorMod(local(millis), 86_400_000L);
        two(sb, msOfDay / 3_600_000).append(':');
        two(sb, msOfDay / 60_000 % 60).append(':');
        two(sb, msOfDay / 1000 % 60);
        if (withMillis) {
            long ms = msOfDay % 1000;
            sb.append('.').append(ms < 100 ? "0" : "").append(ms < 10 ? "0" : "").append(ms);
        }
    }

    /** {@code millis} since the epoch shifted to local time (the zone's offset then). */
    static long local(long millis) {
        return millis + TimeZone.getDefault().getOffset(millis);
    }

    static StringBuilder two(StringBuilder sb, long value) {
        return sb.append(value < 10 ? "0" : "").append(value);
    }

    /**
     * logback's {@code %ex} ({@code %ex{short}}: {@code oneFrame}): each throwable with its frames
     * (the first only); a cause ("Caused by: ") or a suppressed exception (indented,
     * "Suppressed: ") without the frames it shares with the throwable around it.
     */
    private static String trace(Throwable thrown, boolean oneFrame) {
        StringBuilder sb = new StringBuilder(oneFrame ? 256 : 2048);
        append(sb, thrown, "", "", new StackTraceElement[0], oneFrame, 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Throwable t, String prefix, String indent, StackTraceElement[] enclosing,
            boolean oneFrame, int depth) {
        if (depth > 16) { // a cause cycle
            return;
        }
        sb.append(indent).append(prefix).append(t).append('\n');
        StackTraceElement[] frames = t.getStackTrace();
        int common = 0;
        while (common < frames.length && common < enclosing.length
                && frames[frames.length - 1 - common].equals(enclosing[enclosing.length - 1 - common])) {
            common++;
        }
        int shown = oneFrame ? Math.min(1, frames.length) : frames.length - common; // as logback does
        for (int i = 0; i < shown; i++) {
            sb.append(indent).append("\tat ").append(frames[i]).append('\n');
        }
        if (common > 0 && !oneFrame) {
            sb.append(indent).append("\t... ").append(common).append(" common frames omitted\n");
        }
        for (Throwable s : t.getSuppressed()) {
            append(sb, s, "Suppressed: ", indent + "\t", frames, oneFrame, depth + 1);
        }
        if (t.getCause() != null) {
            append(sb, t.getCause(), "Caused by: ", indent, frames, oneFrame, depth + 1);
        }
    }
}
