package org.carpd.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A CARP passphrase: at most 19 bytes. The BSDs' ifconfig copies the key with strlcpy into a
 * 20-byte buffer (so a 20th byte is silently cut) and ucarp refuses 20 or more: a longer key could
 * never match a peer. Its {@code toString} never reveals it, so it cannot leak into logs,
 * exceptions or carpctl output by accident.
 */
public final class Passphrase {
    public static final int MAX_BYTES = 19;
    public static final Passphrase EMPTY = new Passphrase(new byte[0]);

    private final byte[] bytes;

    private Passphrase(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @throws IllegalArgumentException if longer than 19 bytes (the message holds no secret) */
    public static Passphrase of(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("passphrase is " + bytes.length
                    + " bytes; CARP keys are at most " + MAX_BYTES + " bytes (OpenBSD and FreeBSD cut a"
                    + " longer key to 19 bytes, ucarp refuses it, so it could never match a peer)");
        }
        return new Passphrase(bytes.clone());
    }

    public static Passphrase of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Passphrase p && MessageDigest.isEqual(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "********";
    }
}
