package org.carpd.net.nft;

/** libnftables refused a batch (nothing of it was applied) or could not be loaded. */
public final class NftablesException extends Exception {
    private static final long serialVersionUID = 1L;

    public NftablesException(String message) {
        super(message);
    }

    public NftablesException(String message, Throwable cause) {
        super(message, cause);
    }
}
