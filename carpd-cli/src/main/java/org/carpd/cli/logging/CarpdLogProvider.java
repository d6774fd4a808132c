package org.carpd.cli.logging;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * carpd's own slf4j backend, chosen by {@link LogSetup#use} through the {@code slf4j.provider}
 * property (never found as a service, so tests keep logback). It writes the lines of the bundled
 * logback files ({@link LogFormat}) with their levels (INFO; carpctl WARN). Without
 * logback the daemon loads about 240 classes fewer, about 2 MB of resident memory (benchmarks.md).
 */
public final class CarpdLogProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final LogSetup.Target target;
    private final String devLogSocket;
    private ILoggerFactory loggers;

    /** slf4j makes it: the target {@link LogSetup#use} chose. */
    public CarpdLogProvider() {
        this(LogSetup.chosen(), "/dev/log");
    }

    CarpdLogProvider(LogSetup.Target target, String devLogSocket) {
        this.target = target;
        this.devLogSocket = devLogSocket;
    }

    @Override
    public void initialize() {
        CarpdLogger.Sink sink = target == LogSetup.Target.SYSLOG ? syslog(devLogSocket) : stderr(target);
        ConcurrentMap<String, Logger> byName = new ConcurrentHashMap<>();
        loggers = name -> byName.computeIfAbsent(name, n -> new CarpdLogger(n, threshold(target, n), sink));
    }

    static Level threshold(LogSetup.Target target, String logger) {
        return target == LogSetup.Target.CLIENT ? Level.WARN : Level.INFO;
    }

    private static CarpdLogger.Sink stderr(LogSetup.Target target) {
        PrintStream err = System.err;
        return (logger, level, notice, message, thrown) -> {
            String line = LogFormat.line(target, logger, level, notice, message, thrown, System.currentTimeMillis());
            synchronized (err) { // one line (with its stack trace) at a time, flushed at once
                err.print(line);
                err.flush();
            }
        };
    }

    private static CarpdLogger.Sink syslog(String socket) {
        DevLog devLog = new DevLog(socket, "carpd", System.err::println);
        return (logger, level, notice, message, thrown) -> {
            long now = System.currentTimeMillis();
            String body = LogFormat.line(LogSetup.Target.SYSLOG, logger, level, notice, message, thrown, now);
            devLog.send(SyslogSeverity.of(level.toInt(), notice), body, now);
        };
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
