package org.carpd.cli.logging;

import java.util.Map;

import org.carpd.cli.systemd.ServiceEnvironment;

/**
 * Picks where carpd's log lines go before the first logger exists. carpd's own slf4j backend
 * ({@link CarpdLogProvider}) writes them unless the operator names a logback configuration
 * ({@code -Dlogback.configurationFile=...} in JAVA_OPTS; logback stays on the class path for
 * that, and each target's file below, a resource in carpd-cli's jar, is where to start):
 * <ul>
 *   <li>{@link Target#JOURNAL} ({@code logback.xml}): under systemd: stderr, "&lt;N&gt;" prefixes, no timestamp
 *   <li>{@link Target#CONSOLE} ({@code carpd-logback-console.xml}): {@code --foreground} outside systemd:
 *       stderr with timestamp and level
 *   <li>{@link Target#SYSLOG} ({@code carpd-logback-syslog.xml}): otherwise: /dev/log, facility daemon
 * </ul>
 */
public final class LogSetup {
    public static final String LOGBACK_PROPERTY = "logback.configurationFile";
    static final String PROVIDER_PROPERTY = "slf4j.provider";

    /** Where log lines go. */
    public enum Target {
        JOURNAL("logback.xml"), CONSOLE("carpd-logback-console.xml"), SYSLOG("carpd-logback-syslog.xml"),
        /** carpctl: warnings only, plain stderr. */
        CLIENT("carpctl-logback.xml");

        final String resource;

        Target(String resource) {
            this.resource = resource;
        }

        /** The logback file that writes the same lines as carpd's own backend for this target. */
        public String resource() {
            return resource;
        }
    }

    private static volatile Target chosen = Target.JOURNAL;

    private LogSetup() {
    }

    /** The target for the daemon. */
    public static Target daemonTarget(Map<String, String> env, boolean foreground) {
        if (ServiceEnvironment.underSystemd(env)) {
            return Target.JOURNAL;
        }
        return foreground ? Target.CONSOLE : Target.SYSLOG;
    }

    /** Must run before any slf4j logger is created; a logback configuration or slf4j provider set by the user wins. */
    public static void use(Target target) {
        chosen = target;
        if (System.getProperty(LOGBACK_PROPERTY) == null && System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, CarpdLogProvider.class.getName());
            // slf4j reports at INFO on stderr that it loads a provider named by the property
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    static Target chosen() {
        return chosen;
    }
}
