package org.carpd.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.carpd.cli.lab.LabCarpd.Transition;
import org.carpd.testing.lab.HolderTimeline;
import org.junit.jupiter.api.Test;

/** The soak's invariants bite outside fault windows and only there. */
class ChaosChecksTest {
    private static final String VIP = "198.18.0.10";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static HolderTimeline timeline(List<Set<String>> holders) {
        List<HolderTimeline.Sample> samples = new ArrayList<>();
        for (int i = 0; i < holders.size(); i++) {
            samples.add(new HolderTimeline.Sample(at(i), Map.of(VIP, holders.get(i)), Map.of(VIP, "")));
        }
        return new HolderTimeline(samples, Duration.ofMillis(250));
    }

    private static Instant at(int sample) {
        return T0.plusMillis(250L * sample);
    }

    @Test
    void aHolderThatIsNotMasterIsFoundUnlessItsNodeIsExempt() {
        ChaosChecks c = new ChaosChecks();
        c.history("h1", List.of(new Transition(at(0), "carp0", 1, "INIT", "BACKUP", "started"),
                new Transition(at(2), "carp0", 1, "BACKUP", "MASTER", "master down"),
                new Transition(at(6), "carp0", 1, "MASTER", "BACKUP", "more preferred master seen")));
        // h1 keeps the address 8 samples after it went BACKUP at sample 6 (a stale address)
        List<Set<String>> h = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            h.add(i >= 2 ? Set.of("h1") : Set.of());
        }
        HolderTimeline t = timeline(h);
        assertEquals("MASTER", c.stateAt("h1", "carp0", at(3)));
        assertEquals("INIT", c.stateAt("h2", "carp0", at(3)));
        StringBuilder where = new StringBuilder();
        assertEquals(Duration.ofMillis(2250), c.longestHolderNotMaster(t, VIP, "carp0", where));
        assertTrue(where.toString().contains("h1=BACKUP"), where.toString());

        c.exempt("h1", at(6), at(20), "killed");
        assertEquals(Duration.ZERO, c.longestHolderNotMaster(c.counted(t), VIP, "carp0", new StringBuilder()));
        assertEquals(Set.of(), c.counted(t).samples().get(10).holdersOf(VIP), "exempt holders do not count");
        assertEquals(Set.of("h1"), c.counted(t).samples().get(4).holdersOf(VIP));
    }

    @Test
    void doubleHoldingCountsOnlyOutsideGlobalFaults() {
        ChaosChecks c = new ChaosChecks();
        HolderTimeline t = timeline(List.of(Set.of("h1"), Set.of("h1", "h2"), Set.of("h1", "h2"), Set.of("h1", "h2"),
                Set.of("h1"), Set.of("h1", "h2"), Set.of("h1")));
        assertEquals(Duration.ofMillis(750), c.longestDoubleHoldingOutsideGlobalFaults(t, VIP));
        c.exempt(null, at(1), at(3), "partition");
        assertEquals(Duration.ofMillis(250), c.longestDoubleHoldingOutsideGlobalFaults(t, VIP));
        assertEquals(1, c.windows().size());
    }
}
