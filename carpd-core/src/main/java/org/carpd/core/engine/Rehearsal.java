package org.carpd.core.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.MacAddress;

/**
 * A throwaway engine for a configuration, run in virtual time through the election it wins alone
 * (BACKUP, master down, MASTER, advertisements and announcements), then through what it hears: a
 * second throwaway engine's multicast advertisements (another host of the same vhids) with a
 * broken HMAC, as they are, and truncated, and one for a vhid nobody runs; then a shutdown. A
 * daemon runs one at start, off the protocol thread, so that the JVM has loaded and linked the
 * takeover and receive paths before real traffic needs them: the first run of a path costs
 * milliseconds of class loading and lambda linkage, as much as the whole master-down interval at
 * advbase 0 leaves spare (a master that had heard nothing stalled that long on the first frames of
 * a junk flood). It shares nothing with any other engine.
 */
public final class Rehearsal {
    /** Bounds the work when a fast vhid shares the run with a slow one (advbase 0 beside 255). */
    private static final int MAX_STEPS = 20_000;
    /** Timer rounds run once every vhid is MASTER: its first advertisements and announcements. */
    private static final int ROUNDS_AS_MASTER = 8;

    private Rehearsal() {
    }

    /** Rehearses {@code config} and returns every action the throwaway engine asked for, in order. */
    public static List<Action> run(CarpdConfig config) {
        CarpEngine engine = new CarpEngine(config, 1L << 20, RandomGenerator.of("L64X128MixRandom"));
        List<Action> seen = new ArrayList<>();
        long now = elect(engine, config, device(2), seen);
        if (!seen.isEmpty()) {
            // another host of the same vhids (its lower address wins the tie): with a broken HMAC
            // first, so a MASTER refuses it, then as is, then cut short
            CarpdConfig sample = sample(config);
            CarpEngine peer = new CarpEngine(sample, 1L << 30, RandomGenerator.of("L64X128MixRandom"));
            List<Action> peerSent = new ArrayList<>();
            elect(peer, sample, device(1), peerSent);
            for (Action a : peerSent) {
                if (a instanceof Action.Transmit t && t.peer() == null) {
                    byte[] broken = brokenHmac(t.frame());
                    engine.onFrame(now, t.carpdev(), broken, 0, broken.length);
                    engine.onFrame(now, t.carpdev(), t.frame(), 0, t.frame().length);
                    engine.onFrame(now, t.carpdev(), t.frame(), 0, Math.min(t.frame().length, 34));
                    drain(engine, now, seen);
                }
            }
            int stranger = unusedVhid(config);
            if (stranger > 0) { // a vhid nobody here runs, as a flood of junk brings
                Advertisement ad = new Advertisement(stranger, 0, 0, 1, 1, new byte[Advertisement.HMAC_LENGTH]);
                CarpdevInfo other = device(3);
                byte[] frame = AdvertisementCodec.encodeFrameV4(other.mac(), other.ipv4().orElseThrow(), ad, 1);
                engine.onFrame(now, config.interfaces().get(0).carpdev(), frame, 0, frame.length);
                drain(engine, now, seen);
            }
        }
        engine.shutdown(now);
        drain(engine, now, seen);
        engine.releaseHeldAddresses();
        drain(engine, now, seen);
        return seen;
    }

    /** Runs {@code engine} alone on carpdevs like {@code dev} until every vhid is MASTER; returns the time. */
    private static long elect(CarpEngine engine, CarpdConfig config, CarpdevInfo dev, List<Action> seen) {
        long now = 0;
        for (CarpInterfaceConfig c : config.interfaces()) {
            engine.onCarpdevChanged(now, c.carpdev(), dev);
        }
        engine.start(now);
        drain(engine, now, seen);
        int asMaster = 0;
        for (int step = 0; step < MAX_STEPS && asMaster < ROUNDS_AS_MASTER; step++) {
            if (allMaster(engine)) {
                asMaster++;
            }
            long next = engine.nextDeadline();
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = Math.max(now, next);
            engine.onTimeout(now);
            drain(engine, now, seen);
        }
        return now;
    }

    /**
     * One carp interface of each kind (carpdev, balanced or not, address families): the code paths
     * are the same for the rest, and 255 vhids heard twice over grew the heap by 4 MB for good.
     */
    private static CarpdConfig sample(CarpdConfig config) {
        Map<String, CarpInterfaceConfig> kinds = new LinkedHashMap<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            boolean v4 = c.addresses().stream().anyMatch(a -> !a.ipv6());
            boolean v6 = c.addresses().stream().anyMatch(VirtualAddress::ipv6);
            kinds.putIfAbsent(c.carpdev() + " " + c.balancing().balanced() + " " + v4 + " " + v6, c);
        }
        return new CarpdConfig(config.global(), List.copyOf(kinds.values()));
    }

    private static int unusedVhid(CarpdConfig config) {
        Set<Integer> used = new HashSet<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            used.add(c.vhid());
            c.balancing().nodes().forEach(n -> used.add(n.vhid()));
        }
        for (int v = 255; v >= 1; v--) {
            if (!used.contains(v)) {
                return v;
            }
        }
        return 0;
    }

    /**
     * The frame with two differing 16-bit words of its HMAC (the last 20 bytes) swapped: the CARP
     * checksum, a sum of those words, still holds, so the HMAC check is what refuses it.
     */
    private static byte[] brokenHmac(byte[] frame) {
        byte[] b = frame.clone();
        int end = b.length - 2;
        for (int i = b.length - 20; i < end; i += 2) {
            if (b[i] != b[end] || b[i + 1] != b[end + 1]) {
                byte hi = b[i];
                byte lo = b[i + 1];
                b[i] = b[end];
                b[i + 1] = b[end + 1];
                b[end] = hi;
                b[end + 1] = lo;
                break;
            }
        }
        return b;
    }

    /** Host {@code n}'s carpdev: up, with its own MAC, IPv4 and link-local address. */
    private static CarpdevInfo device(int n) {
        return new CarpdevInfo(true, MacAddress.of(new byte[] {2, 0, 0, 0, 0, (byte) n}),
                Optional.of((Inet4Address) address(192, 0, 2, n)), Optional.of(linkLocal(n)));
    }

    private static boolean allMaster(CarpEngine engine) {
        return engine.status().stream().allMatch(s -> s.state() == CarpState.MASTER);
    }

    private static void drain(CarpEngine engine, long now, List<Action> seen) {
        Action a;
        while ((a = engine.poll()) != null) {
            seen.add(a);
            if (a instanceof Action.Transmit t) {
                engine.onSendResult(now, t, true);
            }
        }
    }

    private static InetAddress address(int... octets) {
        try {
            byte[] b = new byte[octets.length];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) octets[i];
            }
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Inet6Address linkLocal(int n) {
        return (Inet6Address) address(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n);
    }
}
