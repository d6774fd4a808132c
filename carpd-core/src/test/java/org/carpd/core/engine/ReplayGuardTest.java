package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.SplittableRandom;
import org.carpd.core.config.ReplayPolicy;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {
    static final InetAddress PEER = address("198.18.0.2");
    static final InetAddress OTHER = address("198.18.0.3");

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void strictRejectsAnyCounterThatDoesNotIncrease() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        assertTrue(guard.accept(PEER, 100));
        assertFalse(guard.accept(PEER, 100), "the same counter again");
        assertFalse(guard.accept(PEER, 99), "an older counter");
        assertTrue(guard.accept(PEER, 101));
        assertTrue(guard.accept(OTHER, 5), "each sender has its own history");
    }

    @Test
    void autoEnforcesOnceASenderHasShownIncreasingCounters() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        long c = 1_767_225_600_000_000L; // carpd: wall-clock microseconds, then +1 per advertisement
        assertTrue(guard.accept(PEER, c));
        assertTrue(guard.accept(PEER, c - 1), "not yet sequenced: accepted");
        for (int i = 1; i <= ReplayGuard.SEQUENCED_AFTER; i++) {
            assertTrue(guard.accept(PEER, c + i));
        }
        assertFalse(guard.accept(PEER, c + 1), "sequenced now: an old counter is a replay");
        assertTrue(guard.accept(PEER, c + 1_000_000_000_000L), "a restart after a while: a large step up");
        assertFalse(guard.accept(PEER, c + 10), "still sequenced after the large step");
    }

    @Test
    void autoAcceptsUcarpsRandomCountersAndOpenBsdsFixedCookie() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(guard.accept(PEER, random.nextLong()), "ucarp sends a fresh random counter each time");
        }
        long cookie = 0x1234_5678_9abc_def0L;
        for (int i = 0; i < 100; i++) {
            assertTrue(guard.accept(OTHER, cookie), "OpenBSD repeats one cookie for the life of the vhid");
        }
    }

    @Test
    void offAcceptsEverythingAndPolicyCanChangeAtRuntime() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.OFF);
        assertTrue(guard.accept(PEER, 5));
        assertTrue(guard.accept(PEER, 5));
        guard.setPolicy(ReplayPolicy.STRICT);
        assertTrue(guard.accept(PEER, 6));
        assertFalse(guard.accept(PEER, 6));
    }
}
