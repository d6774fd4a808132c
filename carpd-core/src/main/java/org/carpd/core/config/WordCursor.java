package org.carpd.core.config;

import java.util.List;

/** Walks the words of one line and builds the "expected ..., found ..." errors. */
final class WordCursor {
    private final String sourceName;
    private final List<Word> words;
    private final int line;
    private final int endColumn;
    private int index;

    WordCursor(String sourceName, List<Word> words, int line) {
        this.sourceName = sourceName;
        this.words = words;
        this.line = line;
        this.endColumn = words.isEmpty() ? 1 : words.get(words.size() - 1).endColumn();
    }

    boolean hasNext() {
        return index < words.size();
    }

    Word peek() {
        return words.get(index);
    }

    /** The next word, or an error "expected {@code expected}, found end of line". */
    Word next(String expected) throws ConfigException {
        if (!hasNext()) {
            throw atEnd(expected);
        }
        return words.get(index++);
    }

    /** The word last returned by {@link #next}. */
    Word previous() {
        return words.get(index - 1);
    }

    void expectEnd() throws ConfigException {
        if (hasNext()) {
            throw unexpected(peek(), "end of line");
        }
    }

    ConfigException atEnd(String expected) {
        return new ConfigException(sourceName, line, endColumn, "expected " + expected + ", found end of line");
    }

    /** "expected X, found 'word'"; never use this for a word that may be a passphrase. */
    ConfigException unexpected(Word word, String expected) {
        return at(word, "expected " + expected + ", found '" + printable(word.text()) + "'");
    }

    ConfigException at(Word word, String reason) {
        return new ConfigException(sourceName, word.line(), word.column(), reason);
    }

    /** Shows a word in a message: control characters escaped and long words shortened. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() < 64 ? out.toString() : out + "...";
    }
}
