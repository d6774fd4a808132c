package org.carpd.core.bench;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;

/**
 * Single-threaded throughput of the receive path: decode a realistic IPv4 advertisement frame
 * (ucarp-like, one virtual address) and verify its HMAC. Prints ops/s and bytes allocated per
 * op. Run (see docs/benchmarks.md):
 *
 * <pre>
 * mvn -B -q -pl carpd-core test-compile exec:java -Dexec.mainClass=org.carpd.core.bench.WireBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="seconds"]
 * </pre>
 */
public final class WireBenchmark {
    private WireBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        byte[] key = "secret".getBytes(StandardCharsets.US_ASCII);
        List<InetAddress> vips = List.of(InetAddress.getByName("198.18.0.10"));
        CarpAuthenticator auth = new CarpAuthenticator(key, 7, vips);
        long counter = 0x5eed5eed5eed5eedL;
        Advertisement ad = new Advertisement(7, 20, 0, 1, counter, auth.sign(counter));
        byte[] frame = AdvertisementCodec.encodeFrameV4(MacAddress.parse("00:00:5e:00:00:07"),
                (Inet4Address) InetAddress.getByName("198.18.0.1"), ad, 0x1234);
        byte[] out = new byte[20];
        Mac jcaMac = Mac.getInstance("HmacSHA1");
        jcaMac.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] jcaMessage = new byte[15];

        BenchHarness.header(seconds);
        BenchHarness.run("decode + verify (IPv4 frame, 1 VIP)", seconds, () -> {
            DecodeResult r = AdvertisementCodec.decodeFrame(frame, 0, frame.length);
            if (r instanceof DecodeResult.Accepted a && auth.verify(a.packet().advertisement())) {
                return 1;
            }
            throw new AssertionError("benchmark frame did not verify: " + r);
        });
        BenchHarness.run("decode only", seconds, () ->
                AdvertisementCodec.decodeFrame(frame, 0, frame.length) instanceof DecodeResult.Accepted ? 1 : 0);
        BenchHarness.run("verify only", seconds, () -> auth.verify(ad) ? 1 : 0);
        BenchHarness.run("sign only", seconds, () -> {
            auth.sign(counter, out, 0);
            return out[0];
        });
        BenchHarness.run("reference: javax.crypto.Mac.doFinal (same HMAC)", seconds, () -> {
            jcaMac.update(jcaMessage);
            try {
                jcaMac.doFinal(out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            return out[0];
        });
    }
}
