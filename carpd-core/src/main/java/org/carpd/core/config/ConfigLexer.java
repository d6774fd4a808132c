package org.carpd.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one configuration line into words: whitespace separates words, {@code #} at the start
 * of a word begins a comment, and {@code "..."} quotes a word that contains spaces (inside the
 * quotes a backslash takes the next character literally). Error messages quote no word text,
 * since the word may be a passphrase.
 */
final class ConfigLexer {
    private ConfigLexer() {
    }

    static List<Word> words(String sourceName, int lineNumber, String line) throws ConfigException {
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '"') {
                i = quoted(sourceName, lineNumber, line, i, words);
            } else {
                int start = i;
                while (i < line.length() && !isSpace(line.charAt(i))) {
                    if (line.charAt(i) == '"') {
                        throw new ConfigException(sourceName, lineNumber, i + 1,
                                "expected whitespace before a quoted word, found '\"' inside a word");
                    }
                    i++;
                }
                words.add(new Word(line.substring(start, i), lineNumber, start + 1, i + 1));
            }
        }
        return words;
    }

    private static int quoted(String sourceName, int lineNumber, String line, int start,
                              List<Word> words) throws ConfigException {
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= line.length()) {
                throw new ConfigException(sourceName, lineNumber, start + 1,
                        "expected a closing '\"' for the quoted word starting here, found end of line");
            }
            char c = line.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\' && i + 1 < line.length()) {
                i++;
                c = line.charAt(i);
            }
            text.append(c);
            i++;
        }
        i++; // past the closing quote
        if (i < line.length() && !isSpace(line.charAt(i))) {
            throw new ConfigException(sourceName, lineNumber, i + 1,
                    "expected whitespace after a closing '\"', found another character");
        }
        words.add(new Word(text.toString(), lineNumber, start + 1, i + 1));
        return i;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f';
    }
}
