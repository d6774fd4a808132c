package org.carpd.cli.carp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/** Collects a test logger's events as "LEVEL MARKER message" lines. */
final class ListAppender extends AppenderBase<ILoggingEvent> {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ListAppender(Logger logger) {
        this.logger = logger;
    }

    static ListAppender attach() {
        Logger logger = (Logger) LoggerFactory.getLogger("test.audit." + System.nanoTime());
        ListAppender a = new ListAppender(logger);
        a.start();
        logger.addAppender(a);
        logger.setAdditive(false);
        return a;
    }

    Logger logger() {
        return logger;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    void detach() {
        logger.detachAppender(this);
    }

    @Override
    protected void append(ILoggingEvent e) {
        String marker = e.getMarkerList() == null || e.getMarkerList().isEmpty() ? "-" : e.getMarkerList().get(0).getName();
        lines.add(e.getLevel() + " " + marker + " " + e.getFormattedMessage());
    }
}
