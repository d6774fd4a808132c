package org.carpd.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.Marker;

/** Maps a logback event to a syslog severity: ERROR 3, WARN 4, INFO+NOTICE 5, INFO 6, DEBUG/TRACE 7. */
public final class SyslogSeverity {
    private SyslogSeverity() {
    }

    public static int of(ILoggingEvent event) {
        Level level = event.getLevel();
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return 3;
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return 4;
        }
        if (level.isGreaterOrEqual(Level.INFO)) {
            return hasNotice(event) ? 5 : 6;
        }
        return 7;
    }

    private static boolean hasNotice(ILoggingEvent event) {
        if (event.getMarkerList() == null) {
            return false;
        }
        for (Marker m : event.getMarkerList()) {
            if (m.contains(CarpdMarkers.NOTICE)) {
                return true;
            }
        }
        return false;
    }
}
