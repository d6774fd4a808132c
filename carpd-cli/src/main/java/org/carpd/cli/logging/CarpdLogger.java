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
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
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
