package org.carpd.cli.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import org.carpd.cli.posix.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Every logback configuration shipped in carpd-cli's resources is well-formed XML, is accepted by
 * logback without an error status and ends with a started appender on the root logger; the
 * syslog one sends facility daemon, severity notice for a state change.
 */
class LogbackConfigurationsTest {
    private static final Path RESOURCES = Path.of("src/main/resources");

    @TempDir
    Path tmp;

    /** All XML files with a logback {@code <configuration>} root in the shipped resources. */
    private static List<Path> shipped() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                if (Files.readString(p).contains("<configuration")) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static Document parseStrictly(Path file) throws Exception {
        var builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        builder.setErrorHandler(new DefaultHandler() {
            @Override
            public void warning(SAXParseException e) throws SAXParseException {
                throw e;
            }

            @Override
            public void error(SAXParseException e) throws SAXParseException {
                throw e;
            }
        });
        return builder.parse(file.toFile());
    }

    private static LoggerContext configure(Path file) throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(file.toFile());
        return context;
    }

    private static String statuses(LoggerContext context) {
        StringBuilder sb = new StringBuilder();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }

    @Test
    void everyTargetOfLogSetupIsShipped() throws IOException {
        List<String> names = shipped().stream().map(p -> p.getFileName().toString()).toList();
        for (LogSetup.Target t : LogSetup.Target.values()) {
            assertTrue(names.contains(t.resource()), t + ": " + t.resource() + " in " + names);
        }
    }

    @Test
    void everyShippedConfigurationParsesAndConfiguresLogbackWithoutErrors() throws Exception {
        List<Path> files = shipped();
        assertTrue(files.size() >= LogSetup.Target.values().length, files.toString());
        for (Path file : files) {
            Document doc = parseStrictly(file);
            assertEquals("configuration", doc.getDocumentElement().getTagName(), file.toString());

            LoggerContext context = configure(file);
            try {
                int highest = new StatusUtil(context).getHighestLevel(0);
                assertTrue(highest < Status.ERROR, file + " configured with errors:\n" + statuses(context));
                Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                List<Appender<?>> appenders = new ArrayList<>();
                root.iteratorForAppenders().forEachRemaining(appenders::add);
                assertFalse(appenders.isEmpty(), file + ": the root logger has an appender");
                for (Appender<?> a : appenders) {
                    assertTrue(a.isStarted(), file + ": appender " + a.getName() + " started:\n" + statuses(context));
                }
            } finally {
                context.stop();
            }
        }
    }

    /**
     * carpd does not use these files unless the operator names one: {@link CarpdLogProvider}
     * writes the same. Per target: the same root level, and the same text for a NOTICE
     * state change and for a warning with an exception (stack trace included) at the same time.
     */
    @Test
    void carpdsOwnBackendWritesWhatEachXmlFileWrites() throws Exception {
        long millis = 1_234_567L; // 00:20:34.567 UTC: hours, minutes, seconds and milliseconds differ
        Exception failure = new IllegalStateException("why", new java.io.IOException("inner"));
        failure.addSuppressed(new IllegalArgumentException("also"));
        for (LogSetup.Target t : LogSetup.Target.values()) {
            LoggerContext xml = configure(RESOURCES.resolve(t.resource()));
            try {
                Logger root = xml.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
                assertEquals(root.getEffectiveLevel().toString(), CarpdLogProvider.threshold(t, "org.carpd.cli.carp.CarpDaemon").name(), t + " root");
                List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
                root.iteratorForAppenders().forEachRemaining(appenders::add);
                assertEquals(1, appenders.size(), t.toString());
                Layout<ILoggingEvent> layout = layoutOf(appenders.get(0));
                Logger log = xml.getLogger("org.carpd.cli.carp.CarpDaemon");
                var notice = new ch.qos.logback.classic.spi.LoggingEvent(Logger.class.getName(), log,
                        ch.qos.logback.classic.Level.INFO, "carp0: state transition: {} -> {}", null,
                        new Object[] {"BACKUP", "MASTER"});
                notice.addMarker(CarpdMarkers.NOTICE);
                notice.setTimeStamp(millis);
                var warning = new ch.qos.logback.classic.spi.LoggingEvent(Logger.class.getName(), log,
                        ch.qos.logback.classic.Level.WARN, "carp0: bad HMAC", failure, null);
                warning.setTimeStamp(millis);
                assertEquals(layout.doLayout(notice), LogFormat.line(t, log.getName(), org.slf4j.event.Level.INFO, true,
                        "carp0: state transition: BACKUP -> MASTER", null, millis), t + " notice");
                assertEquals(layout.doLayout(warning), LogFormat.line(t, log.getName(), org.slf4j.event.Level.WARN, false,
                        "carp0: bad HMAC", failure, millis), t + " warning");
            } finally {
                xml.stop();
            }
        }
    }

    private static Layout<ILoggingEvent> layoutOf(Appender<ILoggingEvent> appender) throws ReflectiveOperationException {
        if (appender instanceof OutputStreamAppender<ILoggingEvent> o && o.getEncoder() instanceof PatternLayoutEncoder e) {
            return e.getLayout();
        }
        var f = DevLogAppender.class.getDeclaredField("layout");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        var layout = (Layout<ILoggingEvent>) f.get(appender);
        return layout;
    }

    /** The syslog configuration as shipped, its socket pointed at a test listener instead of /dev/log. */
    @Test
    void syslogConfigurationSendsStateChangesAsDaemonNotice() throws Exception {
        Path file = RESOURCES.resolve(LogSetup.Target.SYSLOG.resource());
        String devLog = tmp.resolve("log").toString();
        Path redirected = tmp.resolve("syslog.xml");
        String xml = Files.readString(file);
        assertTrue(xml.contains("<socket>/dev/log</socket>"), xml);
        Files.writeString(redirected, xml.replace("<socket>/dev/log</socket>", "<socket>" + devLog + "</socket>"));
        try (UnixDatagramReceiver listener = new UnixDatagramReceiver(devLog)) {
            LoggerContext context = configure(redirected);
            try {
                Logger log = context.getLogger("org.carpd.cli.carp.CarpDaemon");
                log.info(CarpdMarkers.NOTICE, "{}: state transition: {} -> {} ({})", "carp0", "BACKUP", "MASTER",
                        "master timed out");
                log.warn("carp0: bad HMAC");
                String notice = listener.receive(2000);
                assertNotNull(notice, "nothing on the syslog socket:\n" + statuses(context));
                // <PRI> = facility daemon (3) * 8 + severity notice (5) = 29, then glibc's syslog(3) layout
                Pattern line = Pattern.compile("<29>[A-Z][a-z]{2} [ 1-3][0-9] \\d\\d:\\d\\d:\\d\\d carpd\\["
                        + ProcessHandle.current().pid() + "\\]: CarpDaemon: carp0: state transition: BACKUP -> MASTER"
                        + " \\(master timed out\\)");
                assertTrue(line.matcher(notice).matches(), notice);
                String warning = listener.receive(2000);
                assertNotNull(warning);
                assertTrue(warning.startsWith("<28>"), "daemon.warning: " + warning);
            } finally {
                context.stop();
            }
        }
    }
}
