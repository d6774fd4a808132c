package org.carpd.core.config;

import java.util.regex.Pattern;

/** The spelling rules for names and paths in the grammar. */
final class Names {
    /** Lower case, at most 15 characters (Linux IFNAMSIZ 16 including the NUL). */
    private static final Pattern CARP_INTERFACE = Pattern.compile("[a-z][a-z0-9_.-]{0,14}");
    /** An existing Linux interface: upper case allowed, no '/', ':' or spaces. */
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    /** Like interface names but not ending in a digit, so a group never looks like an interface (OpenBSD rule). */
    private static final Pattern GROUP = Pattern.compile("[a-z]([a-z0-9_.-]{0,13}[a-z_.-])?");
    /** carpctl's own words: an interface of that name could not be told from the command. */
    private static final java.util.Set<String> RESERVED =
            java.util.Set.of("set", "track", "status", "stats", "show-config", "watch", "decode", "reload", "maintenance", "sync");
    static final String CARP_INTERFACE_RULE = "[a-z][a-z0-9_.-]*, at most 15 characters";
    static final String DEVICE_RULE = "[A-Za-z0-9][A-Za-z0-9_.-]*, at most 15 characters";
    static final String GROUP_RULE = "[a-z][a-z0-9_.-]*, at most 15 characters, not ending in a digit";

    private Names() {
    }

    /** A valid carp interface name; carpctl's command words are not (see {@code RESERVED}). */
    static boolean isCarpInterface(String s) {
        return CARP_INTERFACE.matcher(s).matches() && !RESERVED.contains(s);
    }

    static boolean isDevice(String s) {
        return DEVICE.matcher(s).matches();
    }

    static boolean isGroup(String s) {
        return GROUP.matcher(s).matches();
    }

    /** An absolute path without control characters (the daemon runs with / as working directory). */
    static boolean isAbsolutePath(String s) {
        if (!s.startsWith("/") || s.length() > 4096) {
            return false;
        }
        return s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }
}
