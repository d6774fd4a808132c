package org.carpd.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Builds the bundled logback configurations ({@link LogSetup.Target}) in code, found by logback as
 * a service before its own configurators: the same appenders, patterns and levels as the XML file
 * of the same name (LogbackConfigurationsTest compares them), without Joran and its XML parser,
 * which cost a start about 0.3 s and 500 classes. Only when {@code logback.configurationFile}
 * names a bundled resource, as {@link LogSetup#use} sets it; any other file goes to logback.
 */
public final class BundledLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String file = System.getProperty(LogSetup.PROPERTY);
        for (LogSetup.Target t : LogSetup.Target.values()) {
            if (t.resource().equals(file)) {
                apply(context, t);
                return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
            }
        }
        return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context} as the XML file of {@code target} does. */
    static void apply(LoggerContext context, LogSetup.Target target) {
        if (target == LogSetup.Target.JOURNAL) { // <conversionRule conversionWord="sdprio" .../>
            @SuppressWarnings("unchecked")
            Map<String, String> rules = (Map<String, String>) context.getObject(CoreConstants.PATTERN_RULE_REGISTRY);
            if (rules == null) {
                rules = new HashMap<>();
                context.putObject(CoreConstants.PATTERN_RULE_REGISTRY, rules);
            }
            rules.put("sdprio", SdPriorityConverter.class.getName());
        }
        Appender<ILoggingEvent> appender = switch (target) {
            case JOURNAL -> stderr(context, "%sdprio%logger{0}: %msg%n%ex");
            case CONSOLE -> stderr(context, "%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n%ex");
            case CLIENT -> stderr(context, "carpctl: %msg%n");
            case SYSLOG -> {
                PatternLayout layout = new PatternLayout();
                layout.setContext(context);
                layout.setPattern("%logger{0}: %msg%ex{short}");
                layout.start();
                DevLogAppender devLog = new DevLogAppender();
                devLog.setContext(context);
                devLog.setName("SYSLOG");
                devLog.setSocket("/dev/log");
                devLog.setTag("carpd");
                devLog.setLayout(layout);
                yield devLog;
            }
        };
        appender.start();
        if (target != LogSetup.Target.CLIENT) {
            // pcap4j tells at INFO how it loaded libpcap; only its warnings matter to an operator
            context.getLogger("org.pcap4j").setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(target == LogSetup.Target.CLIENT ? Level.WARN : Level.INFO);
        root.addAppender(appender);
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        return console;
    }
}
