package org.carpd.testing.sim;

import static org.carpd.testing.sim.TestConfigs.carp;
import static org.carpd.testing.sim.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.engine.TransitionReason;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The peer models do what their sources do: counters, demotion on the wire, ties, bow-out. */
class PeerModelsTest {
    static final long S = 1_000_000_000L;
    static final long DELAY = LinkConditions.PERFECT.minDelay();

    record Sent(long at, String host, Advertisement ad) {
    }

    final SimulatedLan lan = new SimulatedLan(11);
    final List<Sent> sent = new ArrayList<>();

    PeerModelsTest() {
        lan.tap((host, frame) -> sent.add(new Sent(lan.clock().now(), host.name(),
                ((DecodeResult.Accepted) AdvertisementCodec.decodeFrame(frame, 0, frame.length)).packet().advertisement())));
    }

    static CarpInterfaceConfig carp0(int advskew) {
        return carp("carp0", "eth0", 1, 1, advskew, "secret", "198.51.100.10/24");
    }

    List<Advertisement> from(String host, long since) {
        return sent.stream().filter(s -> s.host().equals(host) && s.at() >= since).map(Sent::ad).toList();
    }

    @ParameterizedTest
    @EnumSource(names = {"UCARP", "FREEBSD"})
    void counterIsRandomUntilAnAdvertisementIsHeardThenAdoptedPlusOnePerPacket(PeerKind kind) {
        lan.addPeer(kind, "peer", false, carp0(50)).start();
        lan.runFor(10 * S);
        List<Advertisement> alone = from("peer", 0);
        assertTrue(alone.size() >= 6);
        for (int i = 1; i < alone.size(); i++) {
            assertNotEquals(alone.get(i - 1).counter() + 1, alone.get(i).counter(), "alone, each counter is random");
        }
        // A preempting carpd with a better advskew: the peer yields and adopts carpd's counter.
        SimNode c = lan.addNode("carpd", config(true, org.carpd.core.config.ReplayPolicy.OFF, carp0(0)));
        c.start();
        lan.runFor(10 * S);
        List<Advertisement> carpd = from("carpd", 0);
        long last = carpd.get(carpd.size() - 1).counter();
        long crashedAt = lan.clock().now();
        c.crash();
        lan.runFor(10 * S);
        List<Advertisement> after = from("peer", crashedAt);
        assertTrue(after.size() >= 5, after.toString());
        for (int i = 0; i < after.size(); i++) {
            assertEquals(last + 1 + i, after.get(i).counter(), "adopted carpd's counter, then one per packet");
        }
    }

    @Test
    void openBsdSendsOneCookieForTheLifeOfTheVhid() {
        PeerNode p = lan.addPeer(PeerKind.OPENBSD, "obsd", false, carp0(0));
        p.start();
        lan.runFor(10 * S);
        Set<Long> first = Set.copyOf(from("obsd", 0).stream().map(Advertisement::counter).toList());
        assertEquals(1, first.size());
        p.crash();
        long restart = lan.clock().now();
        p.start();
        lan.runFor(10 * S);
        Set<Long> second = Set.copyOf(from("obsd", restart).stream().map(Advertisement::counter).toList());
        assertEquals(1, second.size());
        assertNotEquals(first, second, "a new vhid draws a new cookie");
    }

    @Test
    void freeBsdSendsItsDemotionInAdvskewCappedAt240AndZeroInTheDemoteByte() {
        PeerNode p = lan.addPeer(PeerKind.FREEBSD, "fbsd", false, carp0(20));
        p.start();
        lan.runFor(5 * S);
        long at = lan.clock().now();
        p.adjustDemotion(50);
        lan.runFor(DELAY);
        Advertisement now = from("fbsd", at).get(0);
        assertEquals(70, now.advskew(), "sent at once, demotion added to advskew");
        assertEquals(0, now.demote());
        p.adjustDemotion(1000);
        lan.runFor(3 * S);
        assertTrue(from("fbsd", at).stream().skip(1).allMatch(a -> a.advskew() == 240 && a.demote() == 0));
    }

    @Test
    void openBsdSendsItsDemotionInTheDemoteByte() {
        PeerNode p = lan.addPeer(PeerKind.OPENBSD, "obsd", false, carp0(20));
        p.start();
        lan.runFor(5 * S);
        long at = lan.clock().now();
        p.adjustDemotion(1);
        lan.runFor(DELAY);
        Advertisement now = from("obsd", at).get(0);
        assertEquals(1, now.demote(), "sent at once when the count first rises");
        assertEquals(20, now.advskew());
    }

    @Test
    void ucarpAdvertisesWithAdvskew240AfterThreeFailedSendsUntilThreeWork() {
        PeerNode p = lan.addPeer(PeerKind.UCARP, "ucarp", false, carp0(10));
        p.start();
        lan.runFor(5 * S);
        p.setSendFails(true);
        lan.runFor(5 * S);
        assertEquals(1, p.demotion());
        long at = lan.clock().now();
        p.setSendFails(false);
        lan.runFor(6 * S);
        List<Integer> skews = from("ucarp", at).stream().map(Advertisement::advskew).toList();
        assertEquals(List.of(240, 240, 240, 10), skews.subList(0, 4), skews.toString());
        assertTrue(from("ucarp", 0).stream().allMatch(a -> a.demote() == 0), "ucarp never uses the demote byte");
    }

    @Test
    void ucarpKeepsMasterOnATieOnlyWithTheLowerByteReversedSource() {
        // 198.18.2.1 is the lower one byte-reversed (1.2.18.198 < 2.1.18.198), the higher one plainly.
        lan.addPeer(PeerKind.UCARP, "a", false, carp0(0)).withIpv4("eth0", "198.18.1.2").start();
        lan.addPeer(PeerKind.UCARP, "b", false, carp0(0)).withIpv4("eth0", "198.18.2.1").start();
        HolderLog log = new HolderLog(lan, "carp0");
        lan.setPartition(lan.hosts().get(1), 1);
        log.run(10 * S);
        assertEquals(Set.of("a", "b"), log.holders());
        lan.heal();
        log.run(20 * S);
        assertEquals("b", log.finalHolder(), log.toString());
    }

    @Test
    void bsdsStepDownOnATieWhateverTheAddresses() {
        lan.addPeer(PeerKind.FREEBSD, "a", false, carp0(0)).start();
        lan.addPeer(PeerKind.OPENBSD, "b", false, carp0(0)).start();
        HolderLog log = new HolderLog(lan, "carp0");
        lan.setPartition(lan.hosts().get(1), 1);
        log.run(10 * S);
        assertEquals(Set.of("a", "b"), log.holders());
        long healedAt = lan.clock().now();
        lan.heal();
        log.run(20 * S);
        // Whichever advertises first after the heal keeps MASTER; the other steps down on it.
        Sent first = sent.stream().filter(x -> x.at() >= healedAt).findFirst().orElseThrow();
        List<Transition> yields = lan.transitions().stream().filter(t -> t.at() >= healedAt
                && t.reason() == TransitionReason.PREFERRED_MASTER).toList();
        assertEquals(1, yields.size(), log.toString());
        assertNotEquals(first.host(), yields.get(0).node());
        assertEquals(first.at() + DELAY, yields.get(0).at());
        assertEquals(first.host(), log.finalHolder(), log.toString());
    }

    @ParameterizedTest
    @EnumSource(PeerKind.class)
    void onlyOpenBsdBowsOutWhenStopped(PeerKind kind) {
        PeerNode p = lan.addPeer(kind, "peer", false, carp0(0));
        SimNode c = lan.addNode("carpd", config(carp0(100)));
        p.start();
        c.start();
        lan.runFor(10 * S + S / 2);
        long stoppedAt = lan.clock().now();
        p.stop();
        lan.runFor(10 * S);
        List<Advertisement> last = from("peer", stoppedAt);
        Transition takeover = lan.transitions().get(lan.transitions().size() - 1);
        assertEquals("carpd", takeover.node());
        if (kind == PeerKind.OPENBSD) {
            assertEquals(1, last.size(), last.toString());
            assertTrue(last.get(0).isBowOut(), "one 255/255 advertisement: " + last);
            assertEquals(TransitionReason.BOW_OUT, takeover.reason(), takeover.toString());
            assertTrue(takeover.at() < stoppedAt + S, "carpd took over on the bow-out: " + takeover);
        } else {
            assertEquals(List.of(), last, "nothing more is sent");
            assertEquals(TransitionReason.MASTER_DOWN, takeover.reason(), takeover.toString());
        }
    }

    @Test
    void ucarpRefusesWhatItCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> lan.addPeer(PeerKind.UCARP, "u", false,
                carp("carp0", "eth0", 1, 1, 0, "secret", "2001:db8::1/64")));
        assertThrows(IllegalArgumentException.class, () -> lan.addPeer(PeerKind.UCARP, "u", false,
                carp("carp0", "eth0", 1, 1, 0, "12345678901234567890", "198.51.100.10/24")));
        assertThrows(IllegalArgumentException.class, () -> lan.addPeer(PeerKind.FREEBSD, "f", false,
                carp("carp0", "eth0", 1, 0, 10, "secret", "198.51.100.10/24")));
    }
}
