package org.carpd.core.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.wire.MacAddress;

/**
 * A throwaway engine for a configuration, run in virtual time through the election it wins alone
 * (BACKUP, master down, MASTER, advertisements and announcements) and a shutdown. A daemon runs
 * one at start, off the protocol thread, so that the JVM has loaded and linked the takeover path
 * before a real takeover needs it: the first run of that path costs milliseconds of class loading
 * and lambda linkage, as much as the whole master-down interval at advbase 0 leaves spare. It
 * shares nothing with any other engine.
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
        CarpdevInfo dev = new CarpdevInfo(true, MacAddress.of(new byte[] {2, 0, 0, 0, 0, 1}),
                Optional.of((Inet4Address) address(192, 0, 2, 1)), Optional.of(linkLocal()));
        List<Action> seen = new ArrayList<>();
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
        engine.shutdown(now);
        drain(engine, now, seen);
        engine.releaseHeldAddresses();
        drain(engine, now, seen);
        return seen;
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

    private static Inet6Address linkLocal() {
        return (Inet6Address) address(0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    }
}
