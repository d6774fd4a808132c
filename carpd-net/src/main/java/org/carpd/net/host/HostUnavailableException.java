package org.carpd.net.host;

/**
 * The protocol thread could not take a command (it is stopping, or did not answer in time);
 * the command was not applied. Not the caller's fault, unlike the engine's own
 * IllegalArgumentException / IllegalStateException for a bad command.
 */
public final class HostUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HostUnavailableException(String message) {
        super(message);
    }
}
