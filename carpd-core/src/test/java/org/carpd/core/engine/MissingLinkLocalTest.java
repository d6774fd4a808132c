package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An IPv6 vhid on a carpdev without a link-local address: its advertisements cannot be built, so
 * they come out as empty transmits that the driver reports as failed sends, and the vhid demotes
 * instead of staying a mute MASTER; a link-local address reported later is used at once.
 */
class MissingLinkLocalTest {
    private static final long S = Interval.SECOND;

    /** Carries out the actions: empty frames fail, as the driver reports them; returns the transmits. */
    private static List<Action.Transmit> drive(CarpEngine e, long now) {
        List<Action.Transmit> sent = new ArrayList<>();
        Action a;
        while ((a = e.poll()) != null) {
            if (a instanceof Action.Transmit t) {
                sent.add(t);
                e.onSendResult(now, t, t.frame().length > 0);
            }
        }
        return sent;
    }

    @Test
    void sendsWithoutALinkLocalAddressCountAsFailuresAndDemoteUntilOneAppears() throws Exception {
        CarpEngine e = new CarpEngine(CarpEngineTest.config("carp0 carpdev eth0 vhid 1 pass pw demote-mode openbsd 2001:db8::10/64\n"),
                1, new SplittableRandom(1));
        CarpdevInfo withLinkLocal = CarpEngineTest.carpdev(1, "198.18.0.1", "fe80::1");
        CarpdevInfo without = new CarpdevInfo(true, withLinkLocal.mac(), withLinkLocal.ipv4(), Optional.empty());
        e.onCarpdevChanged(0, "eth0", without);
        e.start(0);
        drive(e, 0);
        e.onTimeout(3 * S);
        assertEquals(CarpState.MASTER, e.state("carp0"), "alone on the segment");
        long now = 3 * S;
        List<Action.Transmit> sent = drive(e, now);
        for (int round = 0; round < 2; round++) {
            now += S;
            e.onTimeout(now);
            sent.addAll(drive(e, now));
        }
        // three timed advertisements, and one more at once when the demotion changed
        assertEquals(4, sent.size());
        assertTrue(sent.stream().allMatch(t -> t.ipv6() && t.frame().length == 0), "nothing to send from");
        assertEquals(4L, e.counters("carp0").get(Counter.SEND_FAILURES));
        assertEquals(0L, e.counters("carp0").get(Counter.IPV6_SENT));
        assertEquals(1, e.demotion().get("carp"), "three failed sends demote, as any send failure does");

        Inet6Address linkLocal = (Inet6Address) InetAddress.getByName("fe80::1");
        e.onCarpdevChanged(now, "eth0", withLinkLocal);
        for (int round = 0; round < 3; round++) {
            now += S;
            e.onTimeout(now);
            List<Action.Transmit> frames = drive(e, now);
            assertTrue(frames.size() >= 1);
            byte[] f = frames.get(0).frame();
            assertEquals(14 + 40 + 36, f.length, "a whole IPv6 CARP frame");
            byte[] source = new byte[16];
            System.arraycopy(f, 14 + 8, source, 0, 16);
            assertEquals(linkLocal, InetAddress.getByAddress(source), "sent from the new link-local");
        }
        assertEquals(0, e.demotion().get("carp"), "three good sends lift the demotion");
        assertEquals(CarpState.MASTER, e.state("carp0"));
    }
}
