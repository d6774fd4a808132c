package org.carpd.cli.control;

import java.util.List;

/**
 * The daemon's answer to a command: carpctl prints {@code lines} (to stdout when {@code status}
 * is 0, to stderr otherwise) and exits with {@code status}.
 *
 * @param status exit status for carpctl: {@link ControlProtocol#STATUS_OK},
 *               {@link ControlProtocol#STATUS_FAILURE}, {@link ControlProtocol#STATUS_USAGE}, ...
 *               (0..255)
 * @param lines  output lines; a line holding '\n' is sent as several lines
 */
public record ControlReply(int status, List<String> lines) {
    public ControlReply {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException("exit status must be 0..255: " + status);
        }
        lines = List.copyOf(lines);
    }

    public static ControlReply ok(List<String> lines) {
        return new ControlReply(ControlProtocol.STATUS_OK, lines);
    }

    public static ControlReply ok(String... lines) {
        return ok(List.of(lines));
    }

    /** Bad arguments: carpctl exits 2. */
    public static ControlReply usage(String message) {
        return new ControlReply(ControlProtocol.STATUS_USAGE, List.of(message));
    }

    public static ControlReply failure(String message) {
        return new ControlReply(ControlProtocol.STATUS_FAILURE, List.of(message));
    }
}
