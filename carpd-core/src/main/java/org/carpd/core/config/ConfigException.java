package org.carpd.core.config;

/**
 * A configuration line or carpctl command that cannot be accepted. The message reads
 * {@code SOURCE:LINE:COLUMN: expected ..., found '...'}; it never contains a passphrase.
 * Lines and columns count from 1; a column counts characters (a tab is one).
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final int column;
    private final String reason;

    public ConfigException(String sourceName, int line, int column, String reason) {
        super(sourceName + ":" + line + ":" + column + ": " + reason);
        this.sourceName = sourceName;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The file name, or {@code carpctl} for a command. */
    public String sourceName() {
        return sourceName;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the location prefix. */
    public String reason() {
        return reason;
    }
}
