package org.carpd.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pause before a lost carpdev is reopened by the periodic retry (link events reopen at once). */
class CarpdevSetTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aCarpdevLostAgainSoonAfterEachOpeningIsRetriedLessAndLessOften() {
        List<Long> pauses = new ArrayList<>();
        Long previous = null;
        for (int i = 0; i < 7; i++) {
            previous = CarpdevSet.retryPause(2 * S, previous); // each opening lasted 2 s
            pauses.add(previous / S);
        }
        assertEquals(List.of(5L, 10L, 20L, 40L, 80L, 80L, 80L), pauses);
    }

    @Test
    void aCarpdevThatWorkedForAMinuteStartsOver() {
        assertEquals(5 * S, CarpdevSet.retryPause(CarpdevSet.STABLE_NANOS, 80 * S));
        assertEquals(80 * S, CarpdevSet.retryPause(CarpdevSet.STABLE_NANOS - 1, 80 * S));
        assertEquals(5 * S, CarpdevSet.retryPause(0, null), "the first loss");
    }
}
