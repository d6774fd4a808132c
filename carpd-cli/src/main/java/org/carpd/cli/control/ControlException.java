package org.carpd.cli.control;

/**
 * Thrown by {@link ControlHandler#watch} to refuse a watch request; carpctl prints the message
 * to stderr and exits with {@code status}.
 */
public final class ControlException extends Exception {
    private final int status;

    public ControlException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
