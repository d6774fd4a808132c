package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carpd.core.config.ConfigParser;
import org.junit.jupiter.api.Test;

/** Trackers' shares of a group's demotion: set, not added, and released exactly. */
class HeldDemotionTest {
    private static CarpEngine engine() throws Exception {
        return new CarpEngine(ConfigParser.parse("t", """
                carp0 carpdev eth0 vhid 1 pass pw group lb 198.51.100.10/24
                carp1 carpdev eth0 vhid 2 pass pw 198.51.100.11/24
                """), 1, new SplittableRandom(1));
    }

    @Test
    void sharesAndOperatorCounterAddUpWithoutDrift() throws Exception {
        CarpEngine e = engine();
        assertEquals(50, e.holdGroupDemotion(0, "track web", "carp", 50, "web failed"));
        assertEquals(50, e.holdGroupDemotion(0, "track web", "carp", 50, "again")); // idempotent
        assertEquals(80, e.holdGroupDemotion(0, "track up", "carp", 30, "uplink down"));
        assertEquals(90, e.adjustGroupDemotion(0, "carp", 10));
        // the operator cannot lower below the shares; his counter clamps at 0 on its own
        assertEquals(80, e.adjustGroupDemotion(0, "carp", -100));
        assertEquals(255, e.adjustGroupDemotion(0, "carp", 200)); // sum clamps at 255
        assertEquals(230, e.holdGroupDemotion(0, "track web", "carp", 0, "web recovered"));
        assertEquals(200, e.holdGroupDemotion(0, "track up", "carp", 0, "uplink up"));
        assertEquals(0, e.adjustGroupDemotion(0, "carp", -200));
        assertEquals(0, e.demotion().heldBy("track web", "carp"));
    }

    @Test
    void aShareChangeIsReportedWithItsReasonAndOnlyWhenTheValueMoves() throws Exception {
        CarpEngine e = engine();
        e.holdGroupDemotion(0, "track web", "lb", 5, "track web: failed");
        e.holdGroupDemotion(0, "track web", "lb", 5, "track web: failed");
        List<Action.DemotionChanged> changes = new ArrayList<>();
        Action a;
        while ((a = e.poll()) != null) {
            if (a instanceof Action.DemotionChanged d) {
                changes.add(d);
            }
        }
        assertEquals(List.of(new Action.DemotionChanged("lb", 0, 5, "track web: failed")), changes);
        assertEquals(5, e.demotion().demoteOf(List.of("carp", "lb")));
        assertEquals(0, e.demotion().demoteOf(List.of("carp")));
    }

    @Test
    void aShareNeedsAGroupInUseAndAWeightInRange() throws Exception {
        CarpEngine e = engine();
        assertThrows(IllegalArgumentException.class, () -> e.holdGroupDemotion(0, "track x", "typo", 1, ""));
        assertThrows(IllegalArgumentException.class, () -> e.holdGroupDemotion(0, "track x", "carp", 256, ""));
        assertEquals(0, e.holdGroupDemotion(0, "track x", "typo", 0, "")); // releasing is always allowed
    }

    @Test
    void aGroupThatLosesItsMembersForgetsItsShares() throws Exception {
        CarpEngine e = engine();
        e.holdGroupDemotion(0, "track web", "lb", 40, "");
        e.applyConfig(0, ConfigParser.parse("t", "carp1 carpdev eth0 vhid 2 pass pw 198.51.100.11/24\n"));
        assertEquals(0, e.demotion().get("lb"));
        assertEquals(0, e.demotion().heldBy("track web", "lb"));
    }
}
