package org.carpd.cli.logging;

import java.util.Map;

import org.carpd.cli.systemd.ServiceEnvironment;

/**
 * Picks carpd's logback configuration before the first logger exists, by setting
 * {@code logback.configurationFile} to one of the bundled resources (unless the user set it):
 * <ul>
 *   <li>{@link Target#JOURNAL} ({@code logback.xml}): under systemd: stderr, "&lt;N&gt;" prefixes, no timestamp
 *   <li>{@link Target#CONSOLE} ({@code carpd-logback-console.xml}): {@code --foreground} outside systemd:
 *       stderr with timestamp and level
 *   <li>{@link Target#SYSLOG} ({@code carpd-logback-syslog.xml}): otherwise: /dev/log, facility daemon
 * </ul>
 */
public final class LogSetup {
    public static final String PROPERTY = "logback.configurationFile";

    /** Where log lines go. */
    public enum Target {
        JOURNAL("logback.xml"), CONSOLE("carpd-logback-console.xml"), SYSLOG("carpd-logback-syslog.xml"),
        /** carpctl: warnings only, plain stderr. */
        CLIENT("carpctl-logback.xml");

        final String resource;

        Target(String resource) {
            this.resource = resource;
        }

        public String resource() {
            return resource;
        }
    }

    private LogSetup() {
    }

    /** The target for the daemon. */
    public static Target daemonTarget(Map<String, String> env, boolean foreground) {
        if (ServiceEnvironment.underSystemd(env)) {
            return Target.JOURNAL;
        }
        return foreground ? Target.CONSOLE : Target.SYSLOG;
    }

    /** Must run before any slf4j logger is created; a {@code -Dlogback.configurationFile} wins. */
    public static void use(Target target) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, target.resource());
        }
    }
}
