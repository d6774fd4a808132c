package org.carpd.core.bench;

import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
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
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static volatile long sink;

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

        System.out.printf(Locale.ROOT, "java %s, %s, %.1f s per case (after %.1f s warm-up)%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                seconds, Math.max(1, seconds / 2));
        run("decode + verify (IPv4 frame, 1 VIP)", seconds, () -> {
            DecodeResult r = AdvertisementCodec.decodeFrame(frame, 0, frame.length);
            if (r instanceof DecodeResult.Accepted a && auth.verify(a.packet().advertisement())) {
                return 1;
            }
            throw new AssertionError("benchmark frame did not verify: " + r);
        });
        run("decode only", seconds, () ->
                AdvertisementCodec.decodeFrame(frame, 0, frame.length) instanceof DecodeResult.Accepted ? 1 : 0);
        run("verify only", seconds, () -> auth.verify(ad) ? 1 : 0);
        run("sign only", seconds, () -> {
            auth.sign(counter, out, 0);
            return out[0];
        });
        run("reference: javax.crypto.Mac.doFinal (same HMAC)", seconds, () -> {
            jcaMac.update(jcaMessage);
            try {
                jcaMac.doFinal(out, 0);
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            return out[0];
        });
    }

    private static void run(String name, double seconds, LongSupplier op) {
        measure(op, Math.max(1, seconds / 2)); // warm-up: let the JIT compile the path
        long[] result = measure(op, seconds);
        long ops = result[0];
        double elapsed = result[1] / 1e9;
        System.out.printf(Locale.ROOT, "%-50s %,14.0f ops/s  %8.1f ns/op  %6.1f B/op%n",
                name, ops / elapsed, result[1] / (double) ops, result[2] / (double) ops);
    }

    /** Returns {ops, nanos, allocated bytes}. Checks the clock only every 4096 ops. */
    private static long[] measure(LongSupplier op, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long bytesBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        long ops = 0;
        long acc = 0;
        long now;
        do {
            for (int i = 0; i < 4096; i++) {
                acc += op.getAsLong();
            }
            ops += 4096;
            now = System.nanoTime();
        } while (now < deadline);
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytesBefore;
        sink = acc;
        return new long[] {ops, now - start, bytes};
    }
}
