package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded fuzzing: decodeFrame must answer, never throw, whatever it is fed. */
class DecodeRobustnessTest {
    private static final long SEED = 0xC0FFEE;
    private static final int FRAMES = 200_000;

    @Test
    void neverThrowsOnRandomOrMutatedFrames() {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[][] seeds = {Frames.v4Frame(), Frames.v6Frame(), vlanTagged(Frames.v4Frame()),
            VrrpFrames.v2(Frames.v4("198.18.0.2"), 7, 100, 0, new byte[8], java.util.List.of(Frames.VIP4)),
            vhidZero(Frames.v6Frame())};
        Map<DropReason, Integer> reasons = new EnumMap<>(DropReason.class);
        int accepted = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame;
            int offset;
            int length;
            switch (i % 4) {
                case 0 -> { // pure noise of any small length
                    frame = new byte[random.nextInt(0, 120)];
                    random.nextBytes(frame);
                    offset = 0;
                    length = frame.length;
                }
                case 1 -> { // a valid frame with a few bytes flipped, checksums maybe repaired
                    frame = mutate(seeds[random.nextInt(seeds.length)], random);
                    offset = 0;
                    length = frame.length;
                }
                case 2 -> { // a valid frame cut short or with a random window
                    frame = seeds[random.nextInt(seeds.length)].clone();
                    offset = random.nextInt(0, 4) == 0 ? random.nextInt(0, frame.length + 1) : 0;
                    length = random.nextInt(0, frame.length - offset + 1);
                }
                default -> { // offset/length that may lie anywhere, including outside
                    frame = mutate(seeds[random.nextInt(seeds.length)], random);
                    offset = random.nextInt(-5, frame.length + 5);
                    length = random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(-5, frame.length + 5);
                }
            }
            DecodeResult result;
            try {
                result = AdvertisementCodec.decodeFrame(frame, offset, length);
            } catch (RuntimeException e) {
                fail("frame " + i + " threw " + e);
                return;
            }
            assertNotNull(result);
            if (result instanceof DecodeResult.Rejected r) {
                assertNotNull(r.reason());
                assertTrue(r.detail().length() < 60, r.detail());
                reasons.merge(r.reason(), 1, Integer::sum);
            } else {
                accepted++;
            }
        }
        // the mutations reach deep enough to exercise every check, and some frames survive
        assertTrue(accepted > 1000, "accepted " + accepted);
        for (DropReason reason : new DropReason[] {DropReason.BAD_LENGTH, DropReason.BAD_INTERFACE,
                DropReason.BAD_TTL, DropReason.BAD_CHECKSUM, DropReason.BAD_VERSION, DropReason.BAD_VHID,
                DropReason.VRRP}) {
            assertTrue(reasons.getOrDefault(reason, 0) > 0, reason + " never produced: " + reasons);
        }
        assertEquals(7, reasons.size(), reasons.toString());
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] f = seed.clone();
        int flips = random.nextInt(1, 4);
        for (int k = 0; k < flips; k++) {
            // mostly in the headers, where the decoder looks
            int at = random.nextInt(0, Math.min(f.length, 60));
            f[at] = (byte) random.nextInt(256);
        }
        boolean tagged = (f[12] & 0xff) == 0x81 && f[13] == 0;
        int ip = tagged ? 18 : 14;
        if (random.nextBoolean() && !tagged && f[12] == 0x08 && f[13] == 0
                && 14 + (f[14] & 0x0f) * 4 <= f.length) {
            Frames.fixIpv4Checksum(f);
        }
        if (random.nextBoolean()) {
            int carp = ((f[ip] & 0xf0) == 0x60 ? ip + 40 : ip + (f[ip] & 0x0f) * 4);
            if (carp + 36 <= f.length) {
                Frames.fixCarpChecksum(f, carp);
            }
        }
        return f;
    }

    private static byte[] vhidZero(byte[] v6) {
        v6[54 + 1] = 0;
        Frames.fixCarpChecksum(v6, 54);
        return v6;
    }

    private static byte[] vlanTagged(byte[] f) {
        byte[] t = new byte[f.length + 4];
        System.arraycopy(f, 0, t, 0, 12);
        t[12] = (byte) 0x81;
        t[15] = 5;
        System.arraycopy(f, 12, t, 16, f.length - 12);
        return t;
    }
}
