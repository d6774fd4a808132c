package org.carpd.core.wire;

import java.net.InetAddress;
import java.util.Collection;

/**
 * HMAC-SHA1 over version, type, vhid, the sorted virtual addresses and the counter, exactly as
 * OpenBSD carp(4) and ucarp compute it. One instance per vhid; not thread-safe; reuses its
 * buffers so that signing and verifying allocate nothing.
 */
public final class CarpAuthenticator {

    /**
     * @param passphrase at most 20 bytes; shorter keys are zero-padded (plain HMAC-SHA1)
     * @param addresses  the vhid's virtual addresses, IPv4 and IPv6 in any order
     */
    public CarpAuthenticator(byte[] passphrase, int vhid, Collection<? extends InetAddress> addresses) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Writes the 20-byte HMAC for {@code counter} into {@code dst} at {@code offset}. */
    public void sign(long counter, byte[] dst, int offset) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Returns the 20-byte HMAC for {@code counter}. */
    public byte[] sign(long counter) {
        byte[] out = new byte[Advertisement.HMAC_LENGTH];
        sign(counter, out, 0);
        return out;
    }

    /** Constant-time check of the advertisement's HMAC against this key and address set. */
    public boolean verify(Advertisement ad) {
        throw new UnsupportedOperationException("TODO");
    }
}
