package org.carpd.core.engine;

import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED;
import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED_COOKIE;
import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED_FIRST;
import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED_NEW_COOKIE;
import static org.carpd.core.engine.ReplayGuard.Verdict.REPLAY;
import static org.carpd.core.engine.ReplayGuard.Verdict.REPLAY_COOKIE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.carpd.core.config.ReplayPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplayGuardTest {
    static final InetAddress PEER = address("198.18.0.2");
    static final InetAddress OTHER = address("198.18.0.3");
    static final InetAddress SPOOFED = address("198.18.0.250");
    static final InetAddress ANY = address("0.0.0.0");
    static final long C = 1_767_225_600_000_000L; // carpd: wall-clock microseconds

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReplayPolicy.class, names = {"STRICT", "AUTO"})
    void aCounterAtOrBelowTheMarkIsRejectedFromEverySource(ReplayPolicy policy) {
        ReplayGuard guard = new ReplayGuard(policy);
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, C));
        assertEquals(ACCEPTED, guard.check(PEER, C + 1));
        assertEquals(REPLAY, guard.check(PEER, C + 1), "the same counter again");
        assertEquals(REPLAY, guard.check(SPOOFED, C + 1), "replayed from another source");
        assertEquals(REPLAY, guard.check(SPOOFED, C), "an older one from another source");
        assertEquals(REPLAY, guard.check(SPOOFED, C), "and again: a new source cannot become a cookie peer");
        assertEquals(REPLAY, guard.check(ANY, C - 5), "0.0.0.0 is no exception");
        assertEquals(ACCEPTED_FIRST, guard.check(OTHER, C + 2), "another genuine sender continues the chain");
        assertEquals(REPLAY, guard.check(PEER, C + 2));
    }

    @Test
    void ucarpThatAdoptsOurCounterAfterARestartIsAccepted() {
        // ucarp ruled for a long time (adopted counter + one per packet), crashed; we took over and
        // sent above its last counter; it came back, adopted ours and preempts: its counter is lower
        // than those of its previous reign, but above the mark.
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        long ucarp = 5_000;
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, ucarp));
        for (int i = 1; i < 1000; i++) {
            assertEquals(ACCEPTED, guard.check(PEER, ucarp + i));
        }
        long ours = guard.next(100); // our own counter is far behind: we send above the mark
        assertEquals(ucarp + 1000, ours);
        guard.sent(ours);
        assertEquals(ACCEPTED, guard.check(PEER, ours + 1), "ucarp adopted our counter");
    }

    @Test
    void weAlwaysSendAboveEverythingAcceptedOrSent() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        assertEquals(10, guard.next(10));
        guard.sent(10);
        assertEquals(11, guard.next(5));
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, 0xffff_0000_0000_0000L));
        assertEquals(0xffff_0000_0000_0001L, guard.next(12), "unsigned: a counter with the top bit set is high");
    }

    @Test
    void autoAcceptsOpenBsdsFixedCookieAndTakesItOutOfTheMark() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        guard.sent(C);
        long cookie = 0x9234_5678_9abc_def0L;
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, cookie));
        assertEquals(ACCEPTED_NEW_COOKIE, guard.check(PEER, cookie));
        for (int i = 0; i < 100; i++) {
            assertEquals(ACCEPTED_COOKIE, guard.check(PEER, cookie));
        }
        assertEquals(C, guard.mark(), "the cookie does not hold the chain up");
        assertEquals(REPLAY, guard.check(SPOOFED, C), "our counters are still protected");
        assertEquals(ACCEPTED_FIRST, guard.check(OTHER, C + 1), "a counting peer continues the chain");
        long rebooted = 0x1000_0000_0000_0000L; // OpenBSD restarted with a new, lower cookie
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, rebooted));
        assertEquals(ACCEPTED_NEW_COOKIE, guard.check(PEER, rebooted));
        assertEquals(REPLAY, guard.check(SPOOFED, C + 1), "the chain stays protected");
    }

    @Test
    void strictRefusesACookieAndSaysWhy() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        long cookie = 0x9234_5678_9abc_def0L;
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, cookie));
        assertEquals(REPLAY_COOKIE, guard.check(PEER, cookie));
        assertEquals(REPLAY_COOKIE, guard.check(PEER, cookie));
    }

    @Test
    void aSenderThatCountedNeverBecomesACookiePeer() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        assertEquals(ACCEPTED_FIRST, guard.check(PEER, C));
        assertEquals(ACCEPTED, guard.check(PEER, C + 1));
        assertEquals(REPLAY, guard.check(PEER, C), "its first counter replayed");
        assertEquals(REPLAY, guard.check(PEER, C + 1));
    }

    @Test
    void ownCountersAreRecognisedHoweverManyWereSent() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.OFF);
        assertFalse(guard.sentByUs(C));
        for (int i = 0; i < 10_000; i++) {
            guard.sent(C + i);
        }
        assertTrue(guard.sentByUs(C));
        assertTrue(guard.sentByUs(C + 9_999));
        assertFalse(guard.sentByUs(C + 10_000));
        assertFalse(guard.sentByUs(C - 1));
    }

    @Test
    void offAcceptsEverythingAndPolicyCanChangeAtRuntime() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.OFF);
        assertTrue(guard.check(PEER, 5).name().startsWith("ACCEPTED"));
        assertTrue(guard.check(PEER, 5).name().startsWith("ACCEPTED"));
        assertTrue(guard.check(SPOOFED, 1).name().startsWith("ACCEPTED"));
        guard.setPolicy(ReplayPolicy.STRICT);
        assertEquals(ACCEPTED, guard.check(PEER, 6));
        assertEquals(REPLAY, guard.check(PEER, 6));
    }

    @Test
    void aRestoredMarkRejectsWhatWasAcceptedBeforeTheRestart() {
        ReplayGuard before = new ReplayGuard(ReplayPolicy.STRICT);
        before.check(PEER, C);
        before.check(PEER, C + 7);
        ReplayGuard after = new ReplayGuard(ReplayPolicy.STRICT);
        after.restoreMark(before.mark());
        assertEquals(REPLAY, after.check(SPOOFED, C + 7));
        assertEquals(REPLAY, after.check(PEER, C + 3));
        assertEquals(ACCEPTED_FIRST, after.check(PEER, C + 8));
    }
}
