package org.carpd.core.bench;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.Interval;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.core.wire.MacAddress;

/**
 * Full state-machine steps of {@link CarpEngine}, as the daemon's protocol thread runs them:
 * a BACKUP handling a master's advertisement (decode, HMAC, replay check, timer reset, poll),
 * and a MASTER's advertisement timer (sign, encode, poll, send result). Run (see
 * docs/benchmarks.md):
 *
 * <pre>
 * mvn -B -q -pl carpd-core test-compile exec:java -Dexec.mainClass=org.carpd.core.bench.EngineBenchmark \
 *     -Dexec.classpathScope=test [-Dexec.args="seconds"]
 * </pre>
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        CarpdConfig config = ConfigParser.parse("bench",
                "carp0 carpdev eth0 vhid 7 advbase 1 advskew 100 pass secret 198.18.0.10/24\n");
        CarpdevInfo eth0 = new CarpdevInfo(true, MacAddress.parse("02:00:00:00:00:02"),
                Optional.of((Inet4Address) InetAddress.getByName("198.18.0.2")),
                Optional.of((Inet6Address) InetAddress.getByName("fe80::2")));
        BenchHarness.header(seconds);

        // A BACKUP hearing its master: 4096 frames with ucarp-like random counters, so that
        // every one passes the replay check the way a real master's would.
        CarpEngine backup = new CarpEngine(config, 1, new SplittableRandom(1));
        backup.onCarpdevChanged(0, "eth0", eth0);
        backup.start(0);
        drain(backup);
        byte[][] frames = masterFrames(4096);
        long[] now = {0};
        int[] next = {0};
        BenchHarness.run("backup: receive a master's advertisement", seconds, () -> {
            byte[] f = frames[next[0]++ & 4095];
            backup.onFrame(now[0] += 1000, "eth0", f, 0, f.length);
            return drain(backup);
        });
        check(backup.state("carp0") == CarpState.BACKUP, "backup stayed BACKUP");
        check(backup.totalCounters().get(Counter.BAD_AUTH) + backup.totalCounters().get(Counter.REPLAY) == 0,
                "every advertisement accepted");

        // A MASTER whose advertisement timer fires: sign, encode, hand out the frame.
        CarpEngine master = new CarpEngine(config, 1, RandomGenerator.of("L64X128MixRandom"));
        master.onCarpdevChanged(0, "eth0", eth0);
        master.start(0);
        master.forceState(0, "carp0", CarpState.MASTER);
        drain(master);
        long[] t = {0};
        BenchHarness.run("master: advertisement timer (sign + encode)", seconds, () -> {
            t[0] += Interval.of(1, 100);
            master.onTimeout(t[0]);
            Action a;
            long n = 0;
            while ((a = master.poll()) != null) {
                if (a instanceof Action.Transmit tx) {
                    master.onSendResult(t[0], tx, true);
                    n += tx.frame().length;
                }
            }
            return n;
        });
        check(master.state("carp0") == CarpState.MASTER, "master stayed MASTER");
    }

    private static byte[][] masterFrames(int count) throws Exception {
        CarpAuthenticator auth = new CarpAuthenticator("secret".getBytes(), 7,
                List.of(InetAddress.getByName("198.18.0.10")));
        SplittableRandom random = new SplittableRandom(7);
        byte[][] frames = new byte[count][];
        for (int i = 0; i < count; i++) {
            long counter = random.nextLong();
            Advertisement ad = new Advertisement(7, 0, 0, 1, counter, auth.sign(counter));
            frames[i] = AdvertisementCodec.encodeFrameV4(MacAddress.parse("00:00:5e:00:00:07"),
                    (Inet4Address) InetAddress.getByName("198.18.0.1"), ad, i & 0xffff);
        }
        return frames;
    }

    private static long drain(CarpEngine engine) {
        long n = 0;
        while (engine.poll() != null) {
            n++;
        }
        return n;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("benchmark went wrong: not " + what);
        }
    }
}
