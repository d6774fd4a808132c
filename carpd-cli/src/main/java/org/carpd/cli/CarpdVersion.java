package org.carpd.cli;

import picocli.CommandLine;

/** "--version" text: the jar's Implementation-Version, or "development build" outside a jar. */
public final class CarpdVersion {
    private CarpdVersion() {}

    public static String version() {
        String v = CarpdVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** For carpctl and carpd-notify, which use picocli; the daemon does not (DaemonOptions). */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"${COMMAND-NAME} " + version()};
        }
    }
}
