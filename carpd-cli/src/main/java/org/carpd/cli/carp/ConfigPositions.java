package org.carpd.cli.carp;

import java.util.List;
import java.util.Optional;

/**
 * Finds where a setting is in a configuration file's text, for messages that name
 * {@code FILE:LINE}. The grammar keeps no positions in the parsed configuration, so this reads the
 * lines again: words split at whitespace, {@code #} at the start of a word begins a comment.
 */
record ConfigPositions(String file, List<String> lines) {
    ConfigPositions {
        lines = List.copyOf(lines);
    }

    /** No file (a configuration made with carpctl): nothing is ever found. */
    static final ConfigPositions NONE = new ConfigPositions("", List.of());

    /** The positions in {@code file}; {@link #NONE} if it cannot be read. */
    static ConfigPositions read(java.nio.file.Path file) {
        try {
            return of(file.toString(), java.nio.file.Files.readString(file));
        } catch (java.io.IOException | RuntimeException e) {
            return NONE;
        }
    }

    static ConfigPositions of(String file, String text) {
        return new ConfigPositions(file, text.lines().toList());
    }

    /** {@code FILE:LINE} of the last line that sets {@code carpdev} of interface {@code name}. */
    Optional<String> carpdev(String name, String carpdev) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            List<String> words = words(lines.get(i));
            if (!words.isEmpty() && words.get(0).equals(name)) {
                for (int k = 1; k + 1 < words.size(); k++) {
                    if (words.get(k).equals("carpdev") && words.get(k + 1).equals(carpdev)) {
                        return Optional.of(file + ":" + (i + 1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> words(String line) {
        List<String> out = new java.util.ArrayList<>();
        for (String w : line.strip().split("\\s+")) {
            if (w.startsWith("#")) {
                break;
            }
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
