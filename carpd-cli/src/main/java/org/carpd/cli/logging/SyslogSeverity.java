package org.carpd.cli.logging;

import org.slf4j.Marker;

/**
 * Syslog severity of a log event: ERROR 3, WARN 4, INFO with the {@link CarpdMarkers#NOTICE}
 * marker 5, INFO 6, DEBUG/TRACE 7. No logback types here: carpd's own logger uses it too.
 */
public final class SyslogSeverity {
    private SyslogSeverity() {
    }

    /** @param level slf4j's level number ({@code org.slf4j.event.Level.toInt()}: ERROR 40 ... TRACE 0) */
    public static int of(int level, boolean notice) {
        if (level >= 40) {
            return 3;
        }
        if (level >= 30) {
            return 4;
        }
        if (level >= 20) {
            return notice ? 5 : 6;
        }
        return 7;
    }

    public static boolean isNotice(Marker marker) {
        return marker != null && marker.contains(CarpdMarkers.NOTICE);
    }
}
