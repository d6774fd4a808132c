package org.carpd.cli.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One named logger of {@link CarpdLogProvider}: a fixed threshold, lines to the provider's sink. */
final class CarpdLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    /** Where a logger's events go once they pass its threshold. */
    interface Sink {
        void write(String logger, Level level, boolean notice, String message, Throwable thrown);
    }

    private final int threshold;
    private final transient Sink sink;

    CarpdLogger(String name, Level threshold, Sink sink) {
        this.name = name;
        this.threshold = threshold.toInt();
        this.sink = sink;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    private boolean enabled(Level level) {
        return threshold <= level.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable thrown) {
        String message = arguments == null || arguments.length == 0 ? String.valueOf(pattern)
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        sink.write(name, level, SyslogSeverity.isNotice(marker), message, thrown);
    }
}
