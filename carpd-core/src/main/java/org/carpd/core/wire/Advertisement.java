package org.carpd.core.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 36-byte CARP advertisement header (version 2, type 1), decoded.
 *
 * @param vhid     virtual host id, 1..255
 * @param advskew  0..255
 * @param demote   the sender's demotion counter, 0..255
 * @param advbase  seconds, 0..255
 * @param counter  the 64-bit replay counter as on the wire
 * @param hmac     the 20-byte HMAC-SHA1 (defensively copied)
 */
public record Advertisement(int vhid, int advskew, int demote, int advbase, long counter, byte[] hmac) {
    public static final int LENGTH = 36;
    public static final int HMAC_LENGTH = 20;

    public Advertisement {
        checkByte("vhid", vhid, 1);
        checkByte("advskew", advskew, 0);
        checkByte("demote", demote, 0);
        checkByte("advbase", advbase, 0);
        if (hmac.length != HMAC_LENGTH) {
            throw new IllegalArgumentException("hmac must be 20 bytes");
        }
        hmac = hmac.clone();
    }

    private static void checkByte(String name, int value, int min) {
        if (value < min || value > 255) {
            throw new IllegalArgumentException(name + " out of range " + min + "..255: " + value);
        }
    }

    @Override
    public byte[] hmac() {
        return hmac.clone();
    }

    /** Copies the 20 HMAC bytes into {@code dst} at {@code offset} (no intermediate copy). */
    void copyHmacTo(byte[] dst, int offset) {
        System.arraycopy(hmac, 0, dst, offset, HMAC_LENGTH);
    }

    /** Constant-time comparison of the HMAC with 20 bytes of {@code candidate} at {@code offset}. */
    boolean hmacEquals(byte[] candidate, int offset) {
        int diff = 0;
        for (int i = 0; i < HMAC_LENGTH; i++) {
            diff |= hmac[i] ^ candidate[offset + i];
        }
        return diff == 0;
    }

    /** True for the "bow out" advertisement a master sends when it goes down: 255/255. */
    public boolean isBowOut() {
        return advbase == 255 && advskew == 255;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Advertisement a && vhid == a.vhid && advskew == a.advskew
                && demote == a.demote && advbase == a.advbase && counter == a.counter
                && Arrays.equals(hmac, a.hmac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vhid, advskew, demote, advbase, counter) * 31 + Arrays.hashCode(hmac);
    }

    @Override
    public String toString() {
        return "Advertisement[vhid=" + vhid + ", advbase=" + advbase + ", advskew=" + advskew
                + ", demote=" + demote + ", counter=" + Long.toUnsignedString(counter, 16)
                + ", hmac=" + HexFormat.of().formatHex(hmac) + "]";
    }
}
