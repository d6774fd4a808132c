package org.carpd.cli.logging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.function.Consumer;

import org.carpd.cli.posix.UnixDatagramSender;

/**
 * The local syslog socket (/dev/log): each line one datagram, formatted like glibc's syslog(3),
 * {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: message}, facility daemon. If the socket is missing or
 * refuses, the line goes to stderr instead, so nothing is lost silently. Thread-safe.
 */
public final class DevLog implements AutoCloseable {
    private static final int FACILITY_DAEMON = 3;
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private final String tag;
    private final long pid = ProcessHandle.current().pid();
    private final UnixDatagramSender sender;

    /** @param problem told why the socket could not be opened (then every line goes to stderr) */
    public DevLog(String socket, String tag, Consumer<String> problem) {
        this.tag = tag;
        UnixDatagramSender s = null;
        try {
            s = new UnixDatagramSender(socket);
        } catch (IOException | RuntimeException e) {
            problem.accept("cannot open syslog socket " + socket + "; logging to stderr: " + e.getMessage());
        }
        this.sender = s;
    }

    /** @param message one line, or several (a stack trace); a final newline is left out of the datagram */
    public void send(int severity, String message, long millis) {
        if (sender != null) {
            try {
                sender.send(datagram(severity, message, millis).getBytes(StandardCharsets.UTF_8));
                return;
            } catch (IOException e) {
                // fall through to stderr
            }
        }
        System.err.print(message.endsWith("\n") ? message : message + "\n");
    }

    String datagram(int severity, String message, long millis) {
        StringBuilder sb = new StringBuilder(40 + message.length());
        sb.append('<').append(FACILITY_DAEMON * 8 + severity).append('>');
        // "Mmm ppd": glibc's month name and day padded with a space, in local time
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(LogFormat.local(millis), 86_400_000L));
        int day = date.getDayOfMonth();
        sb.append(MONTHS[date.getMonthValue() - 1]).append(day < 10 ? "  " : " ").append(day).append(' ');
        LogFormat.clock(sb, millis, false);
        sb.append(' ').append(tag).append('[').append(pid).append("]: ").append(message);
        if (message.endsWith("\n")) {
            sb.setLength(sb.length() - 1);
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.close();
        }
    }
}
