package org.carpd.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code track} lines of the grammar. A line defines one tracker whole; defining a name again
 * in the same text is an error, while carpctl may replace a running tracker with a new definition.
 * <pre>
 * track NAME interface DEV demote GROUP WEIGHT [demote GROUP WEIGHT]...
 * track NAME script "/PATH [ARG]..." [interval S] [timeout S] [rise N] [fall N] demote GROUP WEIGHT...
 * track NAME file /PATH [interval S] demote GROUP WEIGHT...
 * track NAME destroy
 * </pre>
 */
final class TrackGrammar {
    static final String NAME_RULE = "[a-z][a-z0-9_.-]*, at most 31 characters";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,30}");
    private static final String KIND = "'interface', 'script', 'file' or 'destroy'";

    /** A tracker and the words that defined it (null words: it came from the running configuration). */
    record Draft(TrackConfig config, Word origin, Map<String, Word> groupWords) {
    }

    private final Map<String, Draft> trackers = new LinkedHashMap<>();
    /** Names defined by the text being applied (a second definition there is a mistake). */
    private final Map<String, Word> defined = new LinkedHashMap<>();

    TrackGrammar(List<TrackConfig> start) {
        start.forEach(t -> trackers.put(t.name(), new Draft(t, null, Map.of())));
    }

    void apply(WordCursor in) throws ConfigException {
        Word name = in.next("a tracker name after 'track'");
        if (!NAME.matcher(name.text()).matches()) {
            throw in.unexpected(name, "a tracker name (" + NAME_RULE + ") after 'track'");
        }
        Word kind = in.next(KIND + " after 'track " + name.text() + "'");
        if (kind.text().equals("destroy")) {
            in.expectEnd();
            if (trackers.remove(name.text()) == null) {
                throw in.unexpected(name, "a configured tracker before 'destroy'");
            }
            defined.remove(name.text());
            return;
        }
        Word earlier = defined.get(name.text());
        if (earlier != null) {
            throw in.at(name, "expected each tracker defined once, found '" + name.text()
                    + "' again (first defined on line " + earlier.line() + ")");
        }
        TrackConfig.Check check;
        int[] options; // interval, timeout, rise, fall; -1 = not given
        switch (kind.text()) {
            case "interface" -> {
                Word dev = in.next("an interface name after 'interface'");
                if (!Names.isDevice(dev.text())) {
                    throw in.unexpected(dev, "an interface name (" + Names.DEVICE_RULE + ") after 'interface'");
                }
                options = options(in, Set.of());
                check = new TrackConfig.Carrier(dev.text());
            }
            case "script" -> {
                Word cmd = in.next("a command (an absolute path, then its arguments, in quotes) after 'script'");
                List<String> argv = Arrays.stream(cmd.text().trim().split("[ \t]+")).filter(s -> !s.isEmpty()).toList();
                if (argv.isEmpty() || !Names.isAbsolutePath(argv.get(0))
                        || cmd.text().chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                    throw in.unexpected(cmd, "a command starting with an absolute path after 'script'");
                }
                options = options(in, Set.of("interval", "timeout", "rise", "fall"));
                int interval = options[0] < 0 ? TrackConfig.DEFAULT_SCRIPT_INTERVAL : options[0];
                int timeout = options[1] < 0 ? interval : options[1];
                if (timeout > interval) {
                    throw in.at(name, "expected a timeout no longer than the interval for tracker " + name.text()
                            + ", found timeout " + timeout + " with interval " + interval);
                }
                check = new TrackConfig.Script(argv, interval, timeout, options[2] < 0 ? 1 : options[2],
                        options[3] < 0 ? 1 : options[3]);
            }
            case "file" -> {
                Word path = in.next("an absolute path after 'file'");
                if (!Names.isAbsolutePath(path.text())) {
                    throw in.unexpected(path, "an absolute path after 'file'");
                }
                options = options(in, Set.of("interval"));
                check = new TrackConfig.File(path.text(),
                        options[0] < 0 ? TrackConfig.DEFAULT_FILE_INTERVAL : options[0]);
            }
            default -> throw in.unexpected(kind, KIND + " after 'track " + name.text() + "'");
        }
        Map<String, Integer> demote = new LinkedHashMap<>();
        Map<String, Word> groupWords = new LinkedHashMap<>();
        if (!in.hasNext()) {
            throw in.atEnd("'demote GROUP WEIGHT' for tracker " + name.text());
        }
        while (in.hasNext()) {
            Word w = in.next("'demote'");
            if (!w.text().equals("demote")) {
                throw in.unexpected(w, "'demote GROUP WEIGHT'" + optionsHint(kind.text()));
            }
            Word group = in.next("a group name after 'demote'");
            if (!Names.isGroup(group.text())) {
                throw in.unexpected(group, "a group name (" + Names.GROUP_RULE + ") after 'demote'");
            }
            if (demote.containsKey(group.text())) {
                throw in.unexpected(group, "a group not yet demoted by tracker " + name.text());
            }
            demote.put(group.text(), number(in, "a weight 1..255 after the group", 1, 255));
            groupWords.put(group.text(), group);
        }
        trackers.put(name.text(), new Draft(new TrackConfig(name.text(), check, demote), name, groupWords));
        defined.put(name.text(), name);
    }

    private static String optionsHint(String kind) {
        return switch (kind) {
            case "script" -> " or an option (interval, timeout, rise, fall) before it";
            case "file" -> " or 'interval' before it";
            default -> "";
        };
    }

    /** The options before the first {@code demote}; each at most once. */
    private static int[] options(WordCursor in, Set<String> allowed) throws ConfigException {
        int[] values = {-1, -1, -1, -1};
        List<String> order = List.of("interval", "timeout", "rise", "fall");
        while (in.hasNext() && !in.peek().text().equals("demote")) {
            Word key = in.next("an option");
            int i = order.indexOf(key.text());
            if (i < 0 || !allowed.contains(key.text())) {
                String expected = allowed.isEmpty() ? "'demote GROUP WEIGHT'"
                        : "'demote GROUP WEIGHT' or an option (" + String.join(", ",
                        order.stream().filter(allowed::contains).toList()) + ")";
                throw in.unexpected(key, expected);
            }
            if (values[i] >= 0) {
                throw in.unexpected(key, "each option once");
            }
            values[i] = i < 2 ? number(in, "seconds 1.." + TrackConfig.MAX_SECONDS + " after '" + key.text() + "'",
                    1, TrackConfig.MAX_SECONDS)
                    : number(in, "a count 1.." + TrackConfig.MAX_COUNT + " after '" + key.text() + "'",
                    1, TrackConfig.MAX_COUNT);
        }
        return values;
    }

    private static int number(WordCursor in, String expected, int min, int max) throws ConfigException {
        return ValueGrammar.number(in, expected, min, max);
    }

    /**
     * The trackers, each demoting only groups that some carp interface is in (an empty group
     * would demote nothing, as the engine forgets groups without members).
     */
    List<TrackConfig> build(Set<String> groupsInUse, String sourceName) throws ConfigException {
        List<TrackConfig> out = new ArrayList<>();
        for (Draft d : trackers.values()) {
            for (String group : d.config().demote().keySet()) {
                if (!groupsInUse.contains(group)) {
                    Word at = d.groupWords().getOrDefault(group, d.origin());
                    String reason = "expected a group that a carp interface is in after 'demote' (tracker "
                            + d.config().name() + "), found '" + group + "'";
                    throw at == null ? new ConfigException(sourceName, 1, 1, reason)
                            : new ConfigException(sourceName, at.line(), at.column(), reason);
                }
            }
            out.add(d.config());
        }
        return out;
    }
}
