package org.carpd.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A health tracker ({@code track NAME ...} line): a check and the demotion it holds on interface
 * groups while the check fails.
 *
 * @param name    {@code [a-z][a-z0-9_.-]*}, at most 31 characters
 * @param check   what is watched
 * @param demote  group to weight (1..255), in file order; for a file tracker the weight is
 *                multiplied by the file's value
 */
public record TrackConfig(String name, Check check, Map<String, Integer> demote) {
    public static final int DEFAULT_SCRIPT_INTERVAL = 2;
    public static final int DEFAULT_FILE_INTERVAL = 1;
    public static final int MAX_SECONDS = 3600;
    public static final int MAX_COUNT = 255;

    public TrackConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (demote.isEmpty()) {
            throw new IllegalArgumentException("a tracker demotes at least one group");
        }
        demote.values().forEach(w -> {
            if (w < 1 || w > 255) {
                throw new IllegalArgumentException("demote weight must be 1..255: " + w);
            }
        });
        demote = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(demote));
    }

    /** What a tracker watches. */
    public sealed interface Check permits Script, Carrier, File {
    }

    /**
     * Runs {@code command} (no shell: argv, the first word an absolute path) every
     * {@code interval} seconds; exit 0 passes, anything else (or a timeout) fails. The tracker
     * turns failed after {@code fall} failures in a row and passed after {@code rise} passes in a row.
     */
    public record Script(List<String> command, int interval, int timeout, int rise, int fall) implements Check {
        public Script {
            command = List.copyOf(command);
            if (command.isEmpty() || !command.get(0).startsWith("/")) {
                throw new IllegalArgumentException("a script's command starts with an absolute path");
            }
            if (interval < 1 || interval > MAX_SECONDS || timeout < 1 || timeout > interval) {
                throw new IllegalArgumentException("interval 1.." + MAX_SECONDS + ", timeout 1..interval: "
                        + interval + ", " + timeout);
            }
            if (rise < 1 || rise > MAX_COUNT || fall < 1 || fall > MAX_COUNT) {
                throw new IllegalArgumentException("rise and fall must be 1.." + MAX_COUNT);
            }
        }
    }

    /** Fails while {@code device} is missing, administratively down or without carrier. */
    public record Carrier(String device) implements Check {
        public Carrier {
            Objects.requireNonNull(device, "device");
        }
    }

    /**
     * Reads an integer from {@code path} every {@code interval} seconds; the tracker holds
     * value x weight (0..255) on each group, nothing while the value is 0 or less or the file is missing.
     */
    public record File(String path, int interval) implements Check {
        public File {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a tracked file's path is absolute");
            }
            if (interval < 1 || interval > MAX_SECONDS) {
                throw new IllegalArgumentException("interval must be 1.." + MAX_SECONDS + ": " + interval);
            }
        }
    }
}
