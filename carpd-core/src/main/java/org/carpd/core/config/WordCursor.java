package org.carpd.core.config;

import java.util.List;

/** Walks the words of one line and builds the "expected ..., found ..." errors. */
final class WordCursor {
    private final String sourceName;
    private final List<Word> words;
    private final int line;
    private final int endColumn;
    private int index;
    /**
     * Column of the first word {@code pass} on this line: a passphrase may follow it (and spill
     * into more words when it has spaces), so the words after it are never quoted, whatever role
     * the grammar gave {@code pass} (a typo can make it a name).
     */
    private final int secretColumn;

    WordCursor(String sourceName, List<Word> words, int line) {
        this.sourceName = sourceName;
        this.words = words;
        this.line = line;
        this.endColumn = words.isEmpty() ? 1 : words.get(words.size() - 1).endColumn();
        this.secretColumn = words.stream().filter(w -> w.text().equals("pass")).mapToInt(Word::column)
                .findFirst().orElse(Integer.MAX_VALUE);
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

    /**
     * "expected X, found 'word'"; never use this for the passphrase itself. A word after the
     * word {@code pass} is described by its position only ("found word 3 after 'pass'").
     */
    ConfigException unexpected(Word word, String expected) {
        if (word.column() > secretColumn) {
            int after = 0;
            for (Word w : words) {
                if (w.column() > secretColumn && w.column() <= word.column()) {
                    after++;
                }
            }
            return at(word, "expected " + expected + ", found word " + after + " after 'pass' (not shown:"
                    + " it may be part of the passphrase; quote a passphrase that contains spaces)");
        }
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
