package org.carpd.cli.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback pattern word {@code %sdprio}: the sd-daemon(3) prefix "&lt;N&gt;" that makes journald
 * record a stderr line with syslog severity N.
 */
public final class SdPriorityConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return "<" + SyslogSeverity.of(event) + ">";
    }
}
