package org.carpd.cli.control;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One carpctl command as the daemon receives it.
 *
 * @param args  the words after carpctl's global options, unparsed (e.g. {@code ["carpdemote", "50"]})
 * @param json  whether the caller asked for JSON output ({@code carpctl --json})
 * @param group the interface group to act on ({@code carpctl -g GROUP}), if given
 */
public record ControlRequest(List<String> args, boolean json, Optional<String> group) {
    public ControlRequest {
        args = List.copyOf(args);
        Objects.requireNonNull(group, "group");
    }

    /** A plain-text request without a group. */
    public static ControlRequest of(String... args) {
        return new ControlRequest(List.of(args), false, Optional.empty());
    }

    /** The first word, or "" when there is none. */
    public String command() {
        return args.isEmpty() ? "" : args.get(0);
    }
}
