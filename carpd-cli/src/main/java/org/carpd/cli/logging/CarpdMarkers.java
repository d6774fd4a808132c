package org.carpd.cli.logging;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** slf4j markers with a meaning for carpd's log output. */
public final class CarpdMarkers {
    /**
     * Syslog "notice" (severity 5): log state transitions as {@code LOG.info(NOTICE, ...)}; they
     * then stand out in journald/syslog while still being INFO for logback.
     */
    public static final Marker NOTICE = MarkerFactory.getMarker("NOTICE");

    private CarpdMarkers() {
    }
}
