package org.carpd.cli.logging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.Layout;
import org.carpd.cli.posix.UnixDatagramSender;

/**
 * Sends each event as one datagram to the local syslog socket (/dev/log), formatted like glibc's
 * syslog(3): {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: message}, facility daemon. If the socket is
 * missing or refuses, the line goes to stderr instead, so nothing is lost silently.
 */
public final class DevLogAppender extends AppenderBase<ILoggingEvent> {
    private static final int FACILITY_DAEMON = 3;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private String socket = "/dev/log";
    private String tag = "carpd";
    private Layout<ILoggingEvent> layout;
    private UnixDatagramSender sender;
    private final long pid = ProcessHandle.current().pid();

    public void setSocket(String socket) {
        this.socket = socket;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public void setLayout(Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    @Override
    public void start() {
        if (layout == null) {
            addError("DevLogAppender needs a layout");
            return;
        }
        try {
            sender = new UnixDatagramSender(socket);
        } catch (IOException | RuntimeException e) {
            addWarn("cannot open syslog socket " + socket + "; logging to stderr: " + e.getMessage());
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        String message = layout.doLayout(event);
        int pri = FACILITY_DAEMON * 8 + SyslogSeverity.of(event);
        String line = "<" + pri + ">" + STAMP.format(LocalDateTime.now()) + " " + tag + "[" + pid + "]: " + message;
        if (sender != null) {
            try {
                sender.send(line.getBytes(StandardCharsets.UTF_8));
                return;
            } catch (IOException e) {
                // fall through to stderr
            }
        }
        System.err.print(message.endsWith("\n") ? message : message + "\n");
    }

    @Override
    public void stop() {
        super.stop();
        if (sender != null) {
            sender.close();
        }
    }
}
