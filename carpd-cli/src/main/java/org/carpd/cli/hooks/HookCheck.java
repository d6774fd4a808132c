package org.carpd.cli.hooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.Hooks;
import org.carpd.core.config.TrackConfig;

/**
 * Finds configured hooks and tracker scripts that cannot run: missing, not a regular file, or not
 * executable by the user running the check. Each problem names the file, line and column of the word that set the
 * hook (the last line that did, as later lines amend earlier ones).
 */
public final class HookCheck {
    private static final List<String> KINDS = List.of("on-master", "on-backup", "on-init");

    /** A word of the file and where it starts (1-based). */
    private record Located(String text, int line, int column) {
    }

    private HookCheck() {
    }

    /**
     * @param source the file name used in messages
     * @param text   the file's text, already parsed into {@code config} without error
     * @return one message per hook that cannot run, e.g.
     *         {@code carpd.conf:7:15: on-master hook /etc/carpd/hooks/master.sh does not exist}
     */
    public static List<String> problems(String source, String text, CarpdConfig config) {
        Map<String, Located> where = locate(text);
        List<String> out = new ArrayList<>();
        check(out, source, where, "set", config.global().hooks());
        for (CarpInterfaceConfig c : config.interfaces()) {
            check(out, source, where, c.name(), c.hooks());
        }
        for (TrackConfig t : config.trackers()) {
            if (t.check() instanceof TrackConfig.Script script) {
                String path = script.command().get(0);
                Optional<String> problem = problem(Path.of(path));
                if (problem.isPresent()) {
                    Located at = where.get("track " + t.name());
                    String prefix = at == null ? source + ": " : source + ":" + at.line() + ":" + at.column() + ": ";
                    out.add(prefix + "track " + t.name() + ": script " + path + " " + problem.get());
                }
            }
        }
        return out;
    }

    private static void check(List<String> out, String source, Map<String, Located> where, String owner, Hooks hooks) {
        List<Optional<String>> paths = List.of(hooks.onMaster(), hooks.onBackup(), hooks.onInit());
        for (int i = 0; i < KINDS.size(); i++) {
            if (paths.get(i).isEmpty()) {
                continue;
            }
            String path = paths.get(i).get();
            Optional<String> problem = problem(Path.of(path));
            if (problem.isPresent()) {
                Located at = where.get(owner + " " + KINDS.get(i) + " " + path);
                String prefix = at == null ? source + ": " + (owner.equals("set") ? "" : owner + ": ")
                        : source + ":" + at.line() + ":" + at.column() + ": ";
                out.add(prefix + KINDS.get(i) + " hook " + path + " " + problem.get());
            }
        }
    }

    /** Why {@code hook} cannot be run, or empty. */
    public static Optional<String> problem(Path hook) {
        if (!Files.exists(hook)) {
            return Optional.of("does not exist");
        }
        if (!Files.isRegularFile(hook)) {
            return Optional.of("is not a regular file");
        }
        if (!Files.isExecutable(hook)) {
            return Optional.of("is not executable");
        }
        return Optional.empty();
    }

    /** "OWNER KIND PATH" (OWNER: "set" or the interface) to the path word; the last line wins. */
    private static Map<String, Located> locate(String text) {
        Map<String, Located> where = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            List<Located> words = words(n + 1, lines[n]);
            if (words.size() > 3 && words.get(0).text().equals("track") && words.get(2).text().equals("script")) {
                where.put("track " + words.get(1).text(), words.get(3));
            }
            for (int i = 1; i + 1 < words.size(); i++) {
                if (KINDS.contains(words.get(i).text())) {
                    where.put(words.get(0).text() + " " + words.get(i).text() + " " + words.get(i + 1).text(),
                            words.get(i + 1));
                }
            }
        }
        return where;
    }

    /** The configuration grammar's words of one line (the file has parsed, so no errors here). */
    private static List<Located> words(int lineNumber, String line) {
        List<Located> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                i++;
            } else if (c == '#') {
                break;
            } else {
                int start = i;
                StringBuilder word = new StringBuilder();
                if (c == '"') {
                    for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                        if (line.charAt(i) == '\\' && i + 1 < line.length()) {
                            i++;
                        }
                        word.append(line.charAt(i));
                    }
                    i++;
                } else {
                    for (; i < line.length() && " \t\r\f".indexOf(line.charAt(i)) < 0; i++) {
                        word.append(line.charAt(i));
                    }
                }
                words.add(new Located(word.toString(), lineNumber, start + 1));
            }
        }
        return words;
    }
}
