package org.carpd.core.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** A 48-bit Ethernet address, immutable. */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static MacAddress parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return new MacAddress(b);
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the six bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, 6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
