package org.carpd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.engine.Interval;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;
import org.carpd.core.wire.ReceivedAdvertisement;
import org.junit.jupiter.api.Timeout;

/**
 * Any frame, to the decoder and to an engine: the frame as captured, then (if it decodes) the same
 * advertisement signed with the engine's key so that it passes authentication and drives the
 * state machine, then the timers. Seeds: the ucarp captures' frames, VRRP and IPv6 frames.
 */
class FrameFuzzTest {
    static final String KEY = "fuzzK3yQx";
    private static final CarpdConfig CONFIG = parse("carp0 carpdev eth0 vhid 7 advbase 1 pass " + KEY
            + " 198.18.0.10/24 2001:db8::10/64\ncarp1 carpdev eth0 vhid 1 advbase 0 advskew 40 pass " + KEY
            + " 198.18.0.20/24\n");
    private static final CarpdevInfo ETH0 = carpdev();

    @FuzzTest(maxDuration = "5s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void frame(byte[] frame) {
        run(frame); // first: classes this path needs are loaded (their allocation is not the input's)
        long before = FuzzChecks.allocated();
        run(frame);
        FuzzChecks.assertAllocatedAtMost(before, 2_000_000L + 64L * frame.length, "one frame");
    }

    /** Entry point of Jazzer's standalone driver (the fuzzing runs, see docs/reliability.md). */
    public static void fuzzerTestOneInput(byte[] frame) {
        new FrameFuzzTest().frame(frame);
    }

    private static void run(byte[] frame) {
        DecodeResult r = AdvertisementCodec.decodeFrame(frame, 0, frame.length);
        assertNotNull(r);
        if (r instanceof DecodeResult.Rejected rejected) {
            assertNotNull(rejected.reason());
            assertTrue(rejected.detail().length() < 80, rejected.detail());
        }
        CarpEngine engine = new CarpEngine(CONFIG, 1_000, new SplittableRandom(1));
        engine.onCarpdevChanged(0, "eth0", ETH0);
        engine.start(0);
        int actions = drain(engine);
        engine.onFrame(Interval.SECOND, "eth0", frame, 0, frame.length);
        actions += drain(engine);
        if (r instanceof DecodeResult.Accepted accepted) {
            byte[] signed = resign(accepted.packet());
            for (int i = 1; i <= 3; i++) {
                engine.onFrame(i * Interval.SECOND, "eth0", signed, 0, signed.length);
                actions += drain(engine);
                engine.onTimeout(i * Interval.SECOND + 1);
                actions += drain(engine);
            }
            engine.onTimeout(30 * Interval.SECOND);
            actions += drain(engine);
        }
        assertTrue(actions < 200, actions + " actions for one frame");
    }

    private static int drain(CarpEngine engine) {
        int n = 0;
        Action a;
        while ((a = engine.poll()) != null) {
            FuzzChecks.assertNoSecret(a.toString(), KEY);
            if (a instanceof Action.Transmit t) {
                engine.onSendResult(0, t, true);
            }
            n++;
        }
        return n;
    }

    /** The same advertisement as the engine's peers would sign it (or unsigned if no vhid matches). */
    private static byte[] resign(ReceivedAdvertisement p) {
        Advertisement ad = p.advertisement();
        List<InetAddress> addresses = CONFIG.interfaces().stream().filter(c -> c.vhid() == ad.vhid())
                .findFirst().map(c -> c.addresses().stream().map(v -> v.address()).toList()).orElse(List.of());
        byte[] hmac = addresses.isEmpty() ? new byte[Advertisement.HMAC_LENGTH]
                : new CarpAuthenticator(KEY.getBytes(StandardCharsets.UTF_8), ad.vhid(), addresses).sign(ad.counter());
        Advertisement signed = new Advertisement(ad.vhid(), ad.advbase(), ad.advskew(), ad.demote(), ad.counter(), hmac);
        return p.source() instanceof Inet6Address v6
                ? AdvertisementCodec.encodeFrameV6(p.sourceMac(), v6, signed)
                : AdvertisementCodec.encodeFrameV4(p.sourceMac(), (Inet4Address) p.source(), signed, 1);
    }

    private static CarpdConfig parse(String text) {
        try {
            return ConfigParser.parse("fuzz", text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CarpdevInfo carpdev() {
        try {
            return new CarpdevInfo(true, MacAddress.parse("02:00:00:00:00:01"),
                    Optional.of((Inet4Address) InetAddress.getByName("198.18.0.1")),
                    Optional.of((Inet6Address) InetAddress.getByName("fe80::1")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
