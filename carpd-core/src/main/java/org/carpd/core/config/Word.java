package org.carpd.core.config;

/**
 * One word of a configuration line with where it starts.
 *
 * @param text      the word without quotes
 * @param line      1-based line
 * @param column    1-based column of its first character (the opening quote if quoted)
 * @param endColumn the column just after it, where "end of line" is reported if nothing follows
 */
record Word(String text, int line, int column, int endColumn) {
    @Override
    public String toString() {
        // Words can be passphrases: never print their text by accident.
        return "Word[" + line + ":" + column + "]";
    }
}
