package org.carpd.cli.carp;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.carpd.cli.control.ControlCaller;
import org.carpd.cli.control.ControlProtocol;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.logging.CarpdMarkers;
import org.slf4j.Logger;

/**
 * The daemon's record of what was changed with carpctl, by whom: a shell history for the
 * cluster. A change that was applied is logged at notice level, a refused attempt at info;
 * reads (status, stats, show-config, one interface) are not logged.
 */
final class CommandAudit {
    /** Grammar words whose next word is a secret. carpctl refuses {@code pass}, but never print it anyway. */
    private static final Set<String> SECRET_KEYWORDS = Set.of("pass");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,\\[\\]-]+");

    private CommandAudit() {
    }

    /** Whether the command may change something: reads are at most one word, and never with -g. */
    static boolean mayChange(ControlRequest request) {
        boolean listing = !request.args().isEmpty() && request.args().size() <= 2 && request.args().get(0).equals("track");
        return request.group().isPresent() || request.args().size() > 1 && !listing;
    }

    /** Logs {@code request} with its outcome if it may change something. */
    static void record(Logger log, ControlRequest request, ControlCaller caller, ControlReply reply) {
        if (!mayChange(request)) {
            return;
        }
        if (reply.status() == ControlProtocol.STATUS_OK) {
            log.info(CarpdMarkers.NOTICE, "carpctl by {}: {}", caller, commandLine(request));
        } else {
            log.info("carpctl by {}, refused (exit {}): {}", caller, reply.status(), commandLine(request));
        }
    }

    /** The command as the operator would type it, quoted like a shell word where needed, secrets masked. */
    static String commandLine(ControlRequest request) {
        List<String> out = new ArrayList<>();
        request.group().ifPresent(g -> {
            out.add("-g");
            out.add(quote(g));
        });
        List<String> args = request.args();
        for (int i = 0; i < args.size(); i++) {
            boolean secret = i > 0 && SECRET_KEYWORDS.contains(args.get(i - 1));
            out.add(secret ? "<secret>" : quote(args.get(i)));
        }
        return String.join(" ", out);
    }

    /** Single quotes around a word with anything but plain characters; control characters as \xNN. */
    static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        StringBuilder s = new StringBuilder("'");
        for (char c : word.toCharArray()) {
            if (c == '\'') {
                s.append("'\\''");
            } else if (c < 0x20 || c == 0x7f) {
                s.append(String.format("\\x%02x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('\'').toString();
    }
}
