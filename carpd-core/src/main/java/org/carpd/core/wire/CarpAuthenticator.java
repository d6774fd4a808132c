package org.carpd.core.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;

/**
 * HMAC-SHA1 over version, type, vhid, the sorted virtual addresses and the counter, exactly as
 * OpenBSD carp(4) and ucarp compute it. One instance per vhid; not thread-safe; reuses its
 * buffers so that signing and verifying allocate nothing.
 *
 * <p>The message is {@code 02 01 vhid}, then the IPv4 addresses ascending (unsigned), then the
 * IPv6 addresses ascending bytewise, then the 8 counter bytes big-endian. Duplicates count once
 * (OpenBSD walks the addresses in strictly ascending order). {@link #sign} includes IPv6
 * link-local virtual addresses, as FreeBSD does (it verifies only that form); OpenBSD leaves them
 * out of what it sends but accepts either form, and so does {@link #verify}.
 *
 * <p>HMAC (RFC 2104) is computed directly on a reused SHA-1 {@link MessageDigest}, not with
 * {@code javax.crypto.Mac}: in JDK 17 {@code Mac.doFinal} allocates fresh arrays on every call.
 * The tests cross-check the result against {@code javax.crypto.Mac}.
 */
public final class CarpAuthenticator {
    /** Longest passphrase OpenBSD keeps (ucarp accepts at most 19 characters). */
    public static final int MAX_KEY_BYTES = 20;

    private static final int BLOCK = 64;
    private static final int DIGEST = 20;
    private static final int COUNTER_BYTES = 8;

    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    /** Fixed message prefix without link-locals (what we send), counter space at the end. */
    private final byte[] message;
    /** Same with link-locals, or null if the address set has none. */
    private final byte[] messageWithLinkLocal;
    private final byte[] scratch = new byte[DIGEST];
    private final MessageDigest sha1;

    /**
     * @param passphrase at most 20 bytes (the config allows 19, as peers do); shorter keys are zero-padded (plain HMAC-SHA1)
     * @param addresses  the vhid's virtual addresses, IPv4 and IPv6 in any order
     * @throws IllegalArgumentException if the key is longer than 20 bytes or vhid not 1..255
     */
    public CarpAuthenticator(byte[] passphrase, int vhid, Collection<? extends InetAddress> addresses) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(addresses, "addresses");
        if (passphrase.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("passphrase is " + passphrase.length
                    + " bytes; CARP keys are at most " + MAX_KEY_BYTES + " bytes");
        }
        if (vhid < 1 || vhid > 255) {
            throw new IllegalArgumentException("vhid out of range 1..255: " + vhid);
        }
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < passphrase.length ? passphrase[i] : 0;
            innerPad[i] = (byte) (k ^ 0x36);
            outerPad[i] = (byte) (k ^ 0x5c);
        }
        TreeSet<byte[]> v4 = new TreeSet<>(Arrays::compareUnsigned);
        TreeSet<byte[]> v6 = new TreeSet<>(Arrays::compareUnsigned);
        TreeSet<byte[]> v6LinkLocal = new TreeSet<>(Arrays::compareUnsigned);
        for (InetAddress a : addresses) {
            Objects.requireNonNull(a, "address");
            if (a instanceof Inet4Address) {
                v4.add(a.getAddress());
            } else if (a instanceof Inet6Address && a.isLinkLocalAddress()) {
                v6LinkLocal.add(a.getAddress());
            } else {
                v6.add(a.getAddress());
            }
        }
        message = buildMessage(vhid, v4, v6);
        if (v6LinkLocal.isEmpty()) {
            messageWithLinkLocal = null;
        } else {
            TreeSet<byte[]> all6 = new TreeSet<>(Arrays::compareUnsigned);
            all6.addAll(v6);
            all6.addAll(v6LinkLocal);
            messageWithLinkLocal = buildMessage(vhid, v4, all6);
        }
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    // unsigned bytewise order equals unsigned 32-bit order for big-endian IPv4 addresses
    private static byte[] buildMessage(int vhid, Collection<byte[]> v4, Collection<byte[]> v6) {
        byte[] m = new byte[3 + 4 * v4.size() + 16 * v6.size() + COUNTER_BYTES];
        m[0] = 2;
        m[1] = 1;
        m[2] = (byte) vhid;
        int p = 3;
        for (byte[] a : v4) {
            System.arraycopy(a, 0, m, p, 4);
            p += 4;
        }
        for (byte[] a : v6) {
            System.arraycopy(a, 0, m, p, 16);
            p += 16;
        }
        return m;
    }

    /** Writes the 20-byte HMAC for {@code counter} into {@code dst} at {@code offset}. */
    public void sign(long counter, byte[] dst, int offset) {
        Objects.checkFromIndexSize(offset, DIGEST, dst.length);
        hmac(messageWithLinkLocal != null ? messageWithLinkLocal : message, counter, dst, offset);
    }

    /** Returns the 20-byte HMAC for {@code counter}. */
    public byte[] sign(long counter) {
        byte[] out = new byte[Advertisement.HMAC_LENGTH];
        sign(counter, out, 0);
        return out;
    }

    /**
     * Constant-time check of the advertisement's HMAC against this key and address set. With
     * IPv6 link-local addresses configured, both OpenBSD forms (without, then with them) are
     * accepted.
     */
    public boolean verify(Advertisement ad) {
        hmac(message, ad.counter(), scratch, 0);
        if (ad.hmacEquals(scratch, 0)) {
            return true;
        }
        if (messageWithLinkLocal == null) {
            return false;
        }
        hmac(messageWithLinkLocal, ad.counter(), scratch, 0);
        return ad.hmacEquals(scratch, 0);
    }

    private void hmac(byte[] msg, long counter, byte[] dst, int offset) {
        int c = msg.length - COUNTER_BYTES;
        for (int i = 0; i < COUNTER_BYTES; i++) {
            msg[c + i] = (byte) (counter >>> (56 - 8 * i));
        }
        try {
            sha1.update(innerPad, 0, BLOCK);
            sha1.update(msg, 0, msg.length);
            sha1.digest(scratch, 0, DIGEST);
            sha1.update(outerPad, 0, BLOCK);
            sha1.update(scratch, 0, DIGEST);
            sha1.digest(dst, offset, DIGEST);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-1 digest into a 20-byte buffer failed", e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "CarpAuthenticator[vhid=" + (message[2] & 0xff) + "]";
    }
}
