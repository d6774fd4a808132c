package org.carpd.cli.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RiseFallTest {
    @Test
    void failsAfterFallFailuresInARowAndRisesAfterRisePassesInARow() {
        RiseFall r = new RiseFall(2, 3);
        assertEquals(TrackState.UNKNOWN, r.state());
        assertFalse(r.record(false));
        assertFalse(r.record(false));
        assertEquals(TrackState.UNKNOWN, r.state(), "two failures of three");
        assertTrue(r.record(false));
        assertEquals(TrackState.FAILED, r.state());
        assertEquals(3, r.streak());
        assertFalse(r.record(true));
        assertFalse(r.record(false), "a pass then a failure: the rise starts again");
        assertFalse(r.record(true));
        assertEquals(TrackState.FAILED, r.state());
        assertTrue(r.record(true));
        assertEquals(TrackState.OK, r.state());
        assertEquals(2, r.streak());
    }

    @Test
    void theFirstPassIsOkAtOnceAndAnInterruptedFallStartsAgain() {
        RiseFall r = new RiseFall(5, 2);
        assertTrue(r.record(true));
        assertEquals(TrackState.OK, r.state());
        assertFalse(r.record(false));
        assertFalse(r.record(true));
        assertFalse(r.record(false));
        assertEquals(TrackState.OK, r.state(), "failures not in a row never fail it");
        assertTrue(r.record(false));
        assertEquals(TrackState.FAILED, r.state());
    }

    @Test
    void riseAndFallOfOneFollowEachResult() {
        RiseFall r = new RiseFall(1, 1);
        assertTrue(r.record(false));
        assertTrue(r.record(true));
        assertTrue(r.record(false));
        assertFalse(r.record(false));
        assertThrows(IllegalArgumentException.class, () -> new RiseFall(0, 1));
    }
}
