package org.carpd.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parts of the lab that need no root. */
class NetnsLabNamesTest {

    @Test
    void parsesIpNetnsListWithAndWithoutIds() {
        assertEquals(List.of("a", "carpdlab-1-abcdef-h1", "b"),
                NetnsLab.namespaceNames("a (id: 3)\ncarpdlab-1-abcdef-h1\n\n  b (id: 0)\n"));
        assertEquals(List.of(), NetnsLab.namespaceNames(""));
    }

    @Test
    void rejectsHostCountsOutOfRangeBeforeTouchingAnything() {
        assertThrows(IllegalArgumentException.class, () -> NetnsLab.create(0));
        assertThrows(IllegalArgumentException.class, () -> NetnsLab.create(NetnsLab.MAX_HOSTS + 1));
    }
}
