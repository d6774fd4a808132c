package org.carpd.cli.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.Marker;

/**
 * Logback pattern word {@code %sdprio}: the sd-daemon(3) prefix "&lt;N&gt;" that makes journald
 * record a stderr line with syslog severity N. For a logback configuration of the operator's own
 * (logback.xml shows it); carpd's own logger writes the same prefix ({@link LogFormat}).
 */
public final class SdPriorityConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return "<" + severity(event) + ">";
    }

    /** {@link SyslogSeverity} of a logback event (logback's level numbers are slf4j's times 1000). */
    static int severity(ILoggingEvent event) {
        boolean notice = false;
        if (event.getMarkerList() != null) {
            for (Marker m : event.getMarkerList()) {
                notice |= SyslogSeverity.isNotice(m);
            }
        }
        return SyslogSeverity.of(event.getLevel().toInt() / 1000, notice);
    }
}
