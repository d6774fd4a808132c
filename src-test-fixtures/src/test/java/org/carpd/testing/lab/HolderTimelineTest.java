package org.carpd.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The timeline's run arithmetic and assertions, and the sampler's and ping's output parsing. */
class HolderTimelineTest {
    private static final String VIP = "198.18.0.10";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One sample per 250 ms with the given holders. */
    private static HolderTimeline timeline(List<Set<String>> holders) {
        List<HolderTimeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < holders.size(); i++) {
            samples.add(new HolderTimeline.Sample(T0.plusMillis(250L * i), Map.of(VIP, holders.get(i)), Map.of(VIP, "")));
        }
        return new HolderTimeline(samples, Duration.ofMillis(250));
    }

    @Test
    void runsAreMeasuredToTheNextSample() {
        HolderTimeline t = timeline(List.of(Set.of("h1"), Set.of("h1", "h2"), Set.of("h1", "h2"), Set.of("h2"),
                Set.of(), Set.of(), Set.of(), Set.of("h2")));
        assertEquals(Duration.ofMillis(500), t.longestDoubleHolding(VIP));
        assertEquals(Duration.ofMillis(750), t.longestWithoutHolder(VIP));
        t.assertNeverTwoHoldersLongerThan(VIP, Duration.ofMillis(500));
        assertThrows(AssertionFailedError.class, () -> t.assertNeverTwoHoldersLongerThan(VIP, Duration.ofMillis(499)));
        assertThrows(AssertionFailedError.class, () -> t.assertNoHolderAtMost(VIP, Duration.ofMillis(700)));
        assertEquals(Set.of("h1", "h2"), t.everHeldBy(VIP));
    }

    @Test
    void aRunAtTheEndCountsAtLeastOnePeriod() {
        HolderTimeline t = timeline(List.of(Set.of("h1"), Set.of("h1"), Set.of()));
        assertEquals(Duration.ofMillis(250), t.longestWithoutHolder(VIP));
        assertEquals(Duration.ZERO, t.longestDoubleHolding(VIP));
    }

    @Test
    void exactlyOneHolderFromATimeMustBeStable() {
        HolderTimeline t = timeline(List.of(Set.of(), Set.of("h1", "h2"), Set.of("h2"), Set.of("h2"), Set.of("h2")));
        assertEquals("h2", t.assertExactlyOneHolderFrom(VIP, T0.plusMillis(500)));
        assertThrows(AssertionFailedError.class, () -> t.assertExactlyOneHolderFrom(VIP, T0.plusMillis(250)));
        assertThrows(AssertionFailedError.class, () -> t.assertExactlyOneHolderFrom(VIP, T0.plusSeconds(60)));
        HolderTimeline moved = timeline(List.of(Set.of("h1"), Set.of("h2")));
        assertThrows(AssertionFailedError.class, () -> moved.assertExactlyOneHolderFrom(VIP, T0));
        assertEquals(T0.plusMillis(500), t.firstTime(VIP, T0, h -> h.equals(Set.of("h2"))).orElseThrow());
    }

    @Test
    void samplerOutputIsParsedPerHostAndNeighbourEntriesNameTheHost() {
        NetnsLab lab = null; // parse() needs only the hosts' names and MACs
        LabHost h1 = new LabHost(lab, "h1", "ns-h1", "h1", (java.net.Inet4Address) addr("198.18.0.1"),
                (java.net.Inet6Address) addr("2001:db8::1"), org.carpd.core.wire.MacAddress.parse("02:ca:4b:00:00:01"));
        LabHost h2 = new LabHost(lab, "h2", "ns-h2", "h2", (java.net.Inet4Address) addr("198.18.0.2"),
                (java.net.Inet6Address) addr("2001:db8::2"), org.carpd.core.wire.MacAddress.parse("02:ca:4b:00:00:02"));
        String out = """
                @@carpdlab h1
                2: eth0    inet 198.18.0.1/24 scope global eth0\\       valid_lft forever preferred_lft forever
                2: eth0    inet 198.18.0.10/24 scope global secondary eth0\\       valid_lft forever preferred_lft forever
                2: eth0    inet6 2001:db8::10/64 scope global \\       valid_lft forever preferred_lft forever
                @@carpdlab h2
                2: eth0    inet 198.18.0.2/24 scope global eth0\\       valid_lft forever preferred_lft forever
                2: eth0    inet 198.18.0.100/24 scope global secondary eth0
                @@carpdlab neigh
                198.18.0.10 dev eth0 lladdr 02:ca:4b:00:00:02 REACHABLE
                2001:db8::10 dev eth0 lladdr 02:ca:4b:00:00:01 FAILED
                """;
        HolderTimeline.Sample s = HolderSampler.parse(T0, out, List.of(VIP, "2001:db8:0::10").stream()
                .map(HolderSampler::canonical).toList(), List.of(h1, h2));
        assertEquals(Set.of("h1"), s.holdersOf(VIP));
        assertEquals(Set.of("h1"), s.holdersOf("2001:db8::10"));
        assertEquals("h2", s.neighbourOf(VIP));
        assertEquals("", s.neighbourOf("2001:db8::10"), "a FAILED entry points nowhere");
    }

    @Test
    void pingOutageIsTheLongestGapBetweenReplies() {
        String out = """
                PING 198.18.0.10 (198.18.0.10) 56(84) bytes of data.
                [1700000000.000000] 64 bytes from 198.18.0.10: icmp_seq=1 ttl=64 time=0.05 ms
                [1700000000.010000] 64 bytes from 198.18.0.10: icmp_seq=2 ttl=64 time=0.05 ms
                [1700000000.080000] 64 bytes from 198.18.0.10: icmp_seq=9 ttl=64 time=0.05 ms
                [1700000000.090000] 64 bytes from 198.18.0.10: icmp_seq=10 ttl=64 time=0.05 ms
                """;
        PingProbe.Result r = PingProbe.parse(out, Duration.ofMillis(10));
        assertEquals(4, r.replies().size());
        assertEquals(Duration.ofMillis(60), r.outage());
        assertEquals(Instant.ofEpochSecond(1700000000L, 10_000_000L), r.outageStart());
    }

    private static java.net.InetAddress addr(String s) {
        try {
            return java.net.InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
