package org.carpd.core.engine;

import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED;
import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED_NEW_UNPROVEN;
import static org.carpd.core.engine.ReplayGuard.Verdict.ACCEPTED_UNPROVEN;
import static org.carpd.core.engine.ReplayGuard.Verdict.REPLAY;
import static org.carpd.core.engine.ReplayGuard.Verdict.REPLAY_UNPROVEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Map;
import java.util.SplittableRandom;
import org.carpd.core.config.ReplayPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplayGuardTest {
    static final InetAddress PEER = address("198.18.0.2");
    static final InetAddress OTHER = address("198.18.0.3");
    static final InetAddress SPOOFED = address("198.18.0.250");
    static final InetAddress ANY = address("0.0.0.0");
    static final InetAddress PEER6 = address("fe80::2");
    static final long C = 1_767_225_600L * 4096 << 8; // carpd: wall-clock 1/4096 s x 256
    static final long STEP = 4096 * 256; // one second of carpd's counter

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
        assertEquals(ACCEPTED, guard.check(PEER, C));
        assertEquals(ACCEPTED, guard.check(PEER, C + STEP));
        assertEquals(REPLAY, guard.check(PEER, C + STEP), "the same counter again: a proven sender");
        assertEquals(REPLAY, guard.check(SPOOFED, C + STEP), "replayed from another source");
        assertEquals(REPLAY, guard.check(SPOOFED, C), "an older one from another source");
        assertEquals(REPLAY, guard.check(SPOOFED, C), "and again: a new source is never created by a replay");
        assertEquals(REPLAY, guard.check(ANY, C - 5), "0.0.0.0 is no exception");
        assertEquals(ACCEPTED, guard.check(OTHER, C + 2 * STEP), "another genuine sender continues the chain");
        assertEquals(ACCEPTED, guard.check(OTHER, C + 3 * STEP), "and proves that it counts");
        assertEquals(REPLAY, guard.check(PEER, C + 2 * STEP));
        assertEquals(REPLAY, guard.check(SPOOFED, C + 3 * STEP));
    }

    @Test
    void eachFamilyHasItsMarkSoADualStackMastersTwinsAreBothAccepted() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        assertEquals(ACCEPTED, guard.check(PEER, C));
        assertEquals(ACCEPTED, guard.check(PEER6, C), "the same counter over IPv6");
        assertTrue(guard.check(PEER6, C).name().startsWith("REPLAY"));
        assertEquals(REPLAY, guard.check(SPOOFED, C));
    }

    @Test
    void ucarpThatAdoptsOurCounterAfterARestartIsAccepted() {
        // ucarp ruled for a long time (adopted counter + one per packet), crashed; we took over and
        // sent above its last counter; it came back, adopted ours and preempts: its counter is lower
        // than those of its previous reign, but above the mark.
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        long ucarp = 5_000;
        for (int i = 0; i < 1000; i++) {
            assertEquals(ACCEPTED, guard.check(PEER, ucarp + i));
        }
        long ours = guard.mark() + 1; // the engine sends above the mark, however far behind its own counter is
        assertEquals(ucarp + 1000, ours);
        guard.sent(ours);
        assertEquals(ACCEPTED, guard.check(PEER, ours + 1), "ucarp adopted our counter");
    }

    @Test
    void theMarkComparesUnsigned() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        guard.sent(10 * STEP);
        assertEquals(ACCEPTED, guard.check(PEER, 0xffff_0000_0000_0000L), "a counter with the top bit set is high");
        assertEquals(ACCEPTED, guard.check(PEER, 0xffff_0000_0000_0001L));
        assertEquals(0xffff_0000_0000_0001L, guard.mark());
        assertEquals(REPLAY, guard.check(OTHER, 12));
    }

    @Test
    void autoAcceptsOpenBsdsFixedCookieAndSaysSoOnce() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        guard.sent(C);
        long cookie = 0x9234_5678_9abc_def0L;
        assertEquals(ACCEPTED, guard.check(PEER, cookie));
        assertEquals(ACCEPTED_NEW_UNPROVEN, guard.check(PEER, cookie));
        for (int i = 0; i < 100; i++) {
            assertEquals(ACCEPTED_UNPROVEN, guard.check(PEER, cookie));
        }
        assertEquals(REPLAY, guard.check(SPOOFED, C), "our counters are still protected");
        assertEquals(C, guard.mark(), "the cookie never moves the mark");
        assertEquals(ACCEPTED, guard.check(SPOOFED, cookie), "OpenBSD's own advertisements can be replayed");
        long rebooted = 0x1000_0000_0000_0000L; // OpenBSD restarted with a new, lower cookie
        assertEquals(ACCEPTED_UNPROVEN, guard.check(PEER, rebooted));
        assertEquals(ACCEPTED_UNPROVEN, guard.check(PEER, rebooted));
    }

    @Test
    void autoTakesARepeatedCounterFarBelowTheChainForAnOpenBsdCookie() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        guard.sent(C); // our chain, near 2^51
        long low = 0x0000_1234_5678_9abcL; // a cookie drawn below it (about 2^44.2)
        assertEquals(REPLAY, guard.check(PEER, low), "the first one cannot be told from a replay");
        assertEquals(ACCEPTED_NEW_UNPROVEN, guard.check(PEER, low), "the same again from the same source");
        assertEquals(ACCEPTED_UNPROVEN, guard.check(PEER, low));
        assertEquals(C, guard.mark(), "it never moves the mark");
        assertEquals(REPLAY, guard.check(OTHER, low), "from another source it is refused once more");
        assertTrue(guard.check(PEER, low + 1).name().startsWith("REPLAY"), "a cookie does not change");
        long near = C - (1L << 40); // within 2^48 of the chain: a counting member's, never a cookie
        assertEquals(REPLAY, guard.check(SPOOFED, near));
        assertEquals(REPLAY, guard.check(SPOOFED, near));
        ReplayGuard strict = new ReplayGuard(ReplayPolicy.STRICT);
        strict.sent(C);
        strict.check(PEER, low);
        assertTrue(strict.check(PEER, low).name().startsWith("REPLAY"), "strict refuses cookies");
    }

    @Test
    void autoAcceptsTheRandomCountersOfAPeerThatHeardNobodyUntilItCounts() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        guard.sent(C);
        SplittableRandom random = new SplittableRandom(7);
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            accepted += guard.check(PEER, random.nextLong()).name().startsWith("ACCEPTED") ? 1 : 0;
        }
        assertTrue(accepted > 990, "ucarp and FreeBSD send a fresh random counter until they hear a peer: " + accepted);
        assertEquals(C, guard.mark(), "random counters never move the mark");
        long adopted = C + 1; // it heard us and adopted our counter: from now on it counts
        assertTrue(guard.check(PEER, adopted).name().startsWith("ACCEPTED"));
        assertEquals(ACCEPTED, guard.check(PEER, adopted + 1));
        assertEquals(adopted + 1, guard.mark(), "proven: it raises the mark");
        assertEquals(REPLAY, guard.check(PEER, adopted), "and is held to it");
        assertEquals(REPLAY, guard.check(SPOOFED, Math.floorMod(random.nextLong(), C)));
    }

    @Test
    void strictRefusesPeersThatDoNotCount() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        long cookie = 0x9234_5678_9abc_def0L;
        assertEquals(ACCEPTED, guard.check(PEER, cookie));
        assertEquals(REPLAY_UNPROVEN, guard.check(PEER, cookie));
        assertEquals(REPLAY_UNPROVEN, guard.check(PEER, cookie));
    }

    @Test
    void aSenderThatCountedIsNeverExcusedAgain() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        assertEquals(ACCEPTED, guard.check(PEER, C));
        assertEquals(ACCEPTED, guard.check(PEER, C + STEP));
        assertEquals(REPLAY, guard.check(PEER, C), "its first counter replayed");
        assertEquals(REPLAY, guard.check(PEER, C + STEP));
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
        assertEquals(ACCEPTED, guard.check(PEER, 5));
        assertEquals(ACCEPTED, guard.check(PEER, 5));
        assertEquals(ACCEPTED, guard.check(SPOOFED, 1));
        guard.setPolicy(ReplayPolicy.STRICT);
        assertEquals(ACCEPTED, guard.check(PEER, 6));
        assertEquals(REPLAY, guard.check(PEER, 6));
    }

    @Test
    void whatWasKeptAcrossARestartStillRejectsAndStillExcuses() {
        ReplayGuard before = new ReplayGuard(ReplayPolicy.AUTO);
        before.check(PEER, C);
        before.check(PEER, C + STEP);
        long cookie = 0x9234_5678_9abc_def0L;
        before.check(OTHER, cookie);
        ReplayGuard after = new ReplayGuard(ReplayPolicy.AUTO);
        after.restore(before.memory());
        assertEquals(Map.of(PEER, true, OTHER, false), after.senders());
        assertEquals(REPLAY, after.check(SPOOFED, C + STEP));
        assertEquals(REPLAY, after.check(PEER, C + 3), "a proven sender stays proven");
        assertTrue(after.check(OTHER, cookie).name().startsWith("ACCEPTED"), "the OpenBSD peer is still known");
    }

    @Test
    void ucarpCountingOnFromOneOfOurRecentAdvertisementsIsAcceptedOnceEach() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.STRICT);
        guard.sent(C);
        guard.sent(C + STEP); // our next one left before ucarp's answer to the first arrived
        assertEquals(ACCEPTED, guard.check(PEER, C + 1), "ucarp adopted C and added one");
        assertEquals(REPLAY, guard.check(PEER, C + 1), "once");
        assertEquals(REPLAY, guard.check(SPOOFED, C + 1), "once, from any source");
        assertEquals(ACCEPTED, guard.check(PEER, C + 3), "it counts on (C + 2 was lost)");
        assertEquals(REPLAY, guard.check(PEER, C + 2), "never back down the chain");
        assertEquals(REPLAY, guard.check(PEER, C + 65), "a chain reaches 64 from our counter");
        for (int i = 2; i <= 17; i++) {
            guard.sent(C + i * STEP);
        }
        assertEquals(REPLAY, guard.check(PEER, C + STEP + 1), "only from our last 16");
        assertEquals(ACCEPTED, guard.check(PEER, C + 2 * STEP + 1), "a delayed one of ours adopted late");
    }

    @Test
    void autoAcceptsAnOlderChainBelowTheMarkOnceEachButNothingItHeardOrSent() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        long ours = C + 100 * STEP + 0x37; // our low byte 0x37
        assertEquals(ACCEPTED, guard.check(PEER, C)); // ucarp's chain, heard
        assertEquals(ACCEPTED, guard.check(PEER, C + 1));
        guard.sent(ours); // a partition: we are MASTER on our own, far above its chain
        guard.sent(ours + STEP);
        assertEquals(REPLAY, guard.check(PEER, C + 5), "below the mark");
        assertTrue(guard.acceptsBelowMark(C + 5), "ucarp's chain went on while we could not hear it");
        assertFalse(guard.acceptsBelowMark(C + 5), "once");
        assertFalse(guard.acceptsBelowMark(C + 4), "in increasing order");
        assertFalse(guard.acceptsBelowMark(C + 1), "what we heard, replayed");
        assertFalse(guard.acceptsBelowMark(ours), "our own advertisement, replayed from another source");
        assertTrue(guard.acceptsBelowMark(C + 6));
        ReplayGuard strict = new ReplayGuard(ReplayPolicy.STRICT);
        strict.check(PEER, C);
        strict.check(PEER, C + 1);
        strict.sent(ours);
        assertFalse(strict.acceptsBelowMark(C + 5), "strict holds every sender to the mark");
    }

    @Test
    void theHeardFloorAndOurLowByteSurviveARestart() {
        ReplayGuard before = new ReplayGuard(ReplayPolicy.AUTO);
        long ours = C + 100 * STEP + 0x37;
        before.check(PEER, C);
        before.check(PEER, C + 1);
        before.sent(ours);
        ReplayGuard after = new ReplayGuard(ReplayPolicy.AUTO);
        after.restore(before.memory());
        assertEquals(REPLAY, after.check(SPOOFED, ours), "the mark is kept");
        assertFalse(after.acceptsBelowMark(ours), "our counter of the earlier run");
        assertFalse(after.acceptsBelowMark(C + 1), "heard in the earlier run");
        assertTrue(after.acceptsBelowMark(C + 2), "ucarp went on counting while we were away");
        ReplayGuard old = new ReplayGuard(ReplayPolicy.AUTO);
        old.restore(new ReplayMemory(ours, Map.of()));
        assertFalse(old.acceptsBelowMark(C + 2), "a file without the floor: everything up to the mark counts as heard");
    }

    @Test
    void ourCountersStayOursWhenOurLowByteChanges() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        guard.check(PEER, C);
        guard.check(PEER, C + 1);
        guard.sent(C + 10 * STEP + 0x37);
        guard.sent(C + 11 * STEP + 0x42); // the carpdev's address changed: another low byte
        assertFalse(guard.acceptsBelowMark(C + 10 * STEP + 0x37), "our earlier counter, replayed");
        assertTrue(guard.acceptsBelowMark(C + 10 * STEP + 0x38));
    }

    @Test
    void aRunThatSentNothingKeepsTheLowByteItRestored() {
        ReplayGuard first = new ReplayGuard(ReplayPolicy.AUTO);
        first.check(PEER, C);
        first.check(PEER, C + 1);
        first.sent(C + 10 * STEP + 0x37);
        ReplayGuard second = new ReplayGuard(ReplayPolicy.AUTO); // a BACKUP throughout
        second.restore(first.memory());
        ReplayGuard third = new ReplayGuard(ReplayPolicy.AUTO);
        third.restore(second.memory());
        assertFalse(third.acceptsBelowMark(C + 10 * STEP + 0x37), "the first run's own counter");
        assertTrue(third.acceptsBelowMark(C + 2), "ucarp's chain went on");
    }

    @Test
    void withoutAnythingHeardOrRestoredTheFloorIsOurFirstCounter() {
        ReplayGuard guard = new ReplayGuard(ReplayPolicy.AUTO);
        assertFalse(guard.acceptsBelowMark(C), "nothing known yet");
        guard.sent(C + 0x37);
        guard.sent(C + STEP + 0x37);
        assertFalse(guard.acceptsBelowMark(C - STEP), "older than our first counter");
        assertTrue(guard.acceptsBelowMark(C + 0x37 + 70), "a chain counted on from our first advertisement");
    }
}
