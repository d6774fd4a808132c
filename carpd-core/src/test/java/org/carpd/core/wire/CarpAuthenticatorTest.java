package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CarpAuthenticatorTest {

    /** Reference: javax.crypto.Mac over a message the test assembles by hand. */
    private static byte[] referenceHmac(byte[] key, int vhid, List<InetAddress> sortedAddresses, long counter)
            throws Exception {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.write(2);
        m.write(1);
        m.write(vhid);
        for (InetAddress a : sortedAddresses) {
            m.write(a.getAddress());
        }
        m.write(ByteBuffer.allocate(8).putLong(counter).array());
        Mac mac = Mac.getInstance("HmacSHA1");
        // HMAC pads the key with zeros to 64 bytes, so this equals CARP's zero-padded 20-byte key
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
        return mac.doFinal(m.toByteArray());
    }

    @Test
    void matchesTheKnownVectorFromTheProtocolNotes() throws Exception {
        // carp-protocol.md: HMAC-SHA1(key "secret", 02 01 07 c6 12 00 0a || counter)
        long counter = 0x1122334455667788L;
        CarpAuthenticator auth = new CarpAuthenticator(Frames.KEY, 7, List.of(Frames.VIP4));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(Frames.KEY, "HmacSHA1"));
        byte[] expected = mac.doFinal(HexFormat.of().parseHex("020107c612000a1122334455667788"));
        assertArrayEquals(expected, auth.sign(counter));
    }

    @Test
    void sortsIpv4UnsignedThenIpv6Bytewise() throws Exception {
        List<InetAddress> given = List.of(Frames.v6("2001:db8::2"), Frames.v4("200.0.0.1"),
                Frames.v4("10.0.0.1"), Frames.v6("2001:db8::1"), Frames.v4("198.18.0.10"),
                Frames.v6("ff00::1"));
        List<InetAddress> sorted = List.of(Frames.v4("10.0.0.1"), Frames.v4("198.18.0.10"),
                Frames.v4("200.0.0.1"), Frames.v6("2001:db8::1"), Frames.v6("2001:db8::2"),
                Frames.v6("ff00::1"));
        Random random = new Random(7);
        CarpAuthenticator auth = new CarpAuthenticator(Frames.KEY, 42, given);
        for (int i = 0; i < 50; i++) {
            long counter = random.nextLong();
            assertArrayEquals(referenceHmac(Frames.KEY, 42, sorted, counter), auth.sign(counter));
        }
    }

    @Test
    void keysUpToTwentyBytesAndEmptyKeyAreZeroPadded() throws Exception {
        for (int length : new int[] {0, 1, 19, 20}) {
            byte[] key = new byte[length];
            java.util.Arrays.fill(key, (byte) 'k');
            CarpAuthenticator auth = new CarpAuthenticator(key, 1, List.of(Frames.VIP4));
            assertArrayEquals(referenceHmac(key, 1, List.of(Frames.VIP4), 99), auth.sign(99), "key length " + length);
        }
    }

    @Test
    void rejectsLongKeysWithoutShowingThem() {
        byte[] key = "twenty-one-bytes-key!".getBytes(StandardCharsets.US_ASCII);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CarpAuthenticator(key, 1, List.of(Frames.VIP4)));
        assertFalse(e.getMessage().contains("twenty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CarpAuthenticator(Frames.KEY, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CarpAuthenticator(Frames.KEY, 256, List.of()));
        String text = new CarpAuthenticator(Frames.KEY, 7, List.of(Frames.VIP4)).toString();
        assertFalse(text.contains("secret"), text);
    }

    @Test
    void signsWithLinkLocalsAsFreeBsdAndVerifiesBothForms() throws Exception {
        InetAddress global = Frames.v6("2001:db8::10");
        InetAddress linkLocal = Frames.v6("fe80::10");
        CarpAuthenticator auth = new CarpAuthenticator(Frames.KEY, 3, List.of(linkLocal, global, Frames.VIP4));
        long counter = 12345;

        byte[] withoutLl = referenceHmac(Frames.KEY, 3, List.of(Frames.VIP4, global), counter);
        byte[] withLl = referenceHmac(Frames.KEY, 3, List.of(Frames.VIP4, global, linkLocal), counter);
        assertArrayEquals(withLl, auth.sign(counter), "FreeBSD verifies only the HMAC with link-locals;"
                + " OpenBSD accepts both");

        assertTrue(auth.verify(new Advertisement(3, 0, 0, 1, counter, withoutLl)));
        assertTrue(auth.verify(new Advertisement(3, 0, 0, 1, counter, withLl)));
        assertFalse(auth.verify(new Advertisement(3, 0, 0, 1, counter + 1, withLl)));

        CarpAuthenticator noLinkLocal = new CarpAuthenticator(Frames.KEY, 3, List.of(global, Frames.VIP4));
        assertFalse(noLinkLocal.verify(new Advertisement(3, 0, 0, 1, counter, withLl)),
                "a peer that hashes a link-local we do not have must fail");
    }

    @Test
    void verifyRejectsAnyChangedCounterOrHmacBit() {
        CarpAuthenticator auth = new CarpAuthenticator(Frames.KEY, 7, List.of(Frames.VIP4));
        Advertisement good = Frames.signedAd(77);
        assertTrue(auth.verify(good));
        assertFalse(auth.verify(new Advertisement(7, 20, 0, 1, 78, good.hmac())));
        for (int bit = 0; bit < 160; bit++) {
            byte[] hmac = good.hmac();
            hmac[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(auth.verify(new Advertisement(7, 20, 0, 1, 77, hmac)), "bit " + bit);
        }
    }

    @Test
    void signAndVerifyAllocateNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CarpAuthenticator auth = new CarpAuthenticator(Frames.KEY, 7, List.of(Frames.VIP4));
        Advertisement ad = Frames.signedAd(5);
        byte[] out = new byte[20];
        int ops = 20_000;
        for (int i = 0; i < ops; i++) { // warm-up
            auth.sign(i, out, 0);
            auth.verify(ad);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean all = true;
        for (int i = 0; i < ops; i++) {
            auth.sign(i, out, 0);
            all &= auth.verify(ad);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(all);
        // a few bytes of slack for the measurement itself; one 20-byte array per op would be 480 KB
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for " + ops + " sign+verify");
        assertEquals(20, out.length);
    }
}
