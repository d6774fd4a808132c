package org.carpd.cli;

import picocli.CommandLine;

/** "--version" text: the jar's Implementation-Version, or "development build" outside a jar. */
public final class CarpdVersion implements CommandLine.IVersionProvider {
    public static String version() {
        String v = CarpdVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"${COMMAND-NAME} " + version()};
    }
}
