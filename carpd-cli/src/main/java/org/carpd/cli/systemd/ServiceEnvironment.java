package org.carpd.cli.systemd;

import java.util.Map;

/** Facts about how the process was started, read from the environment. */
public final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    /**
     * True when started by systemd with stderr going to the journal: {@code JOURNAL_STREAM} is set
     * (systemd >= 231) or {@code INVOCATION_ID} is (any systemd-started unit).
     */
    public static boolean underSystemd(Map<String, String> env) {
        return isSet(env, "JOURNAL_STREAM") || isSet(env, "INVOCATION_ID");
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }
}
