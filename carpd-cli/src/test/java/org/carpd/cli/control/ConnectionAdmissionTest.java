package org.carpd.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionAdmissionTest {

    @Test
    void perUserLimitReserveForRootAndRelease() {
        ConnectionAdmission a = new ConnectionAdmission(6, 2, 2);
        assertEquals(Optional.empty(), a.admit("mallory", false));
        assertEquals(Optional.empty(), a.admit("mallory", false));
        assertTrue(a.admit("mallory", false).orElseThrow().contains("already holds 2"));
        assertEquals(Optional.empty(), a.admit("alice", false));
        assertEquals(Optional.empty(), a.admit("root", true));
        assertEquals(Optional.empty(), a.admit("bob", false), "root's connection came out of its reserve");
        assertTrue(a.admit("carol", false).orElseThrow().startsWith("too many"), "4 others: the rest is root's");
        assertEquals(Optional.empty(), a.admit("root", true));
        assertTrue(a.admit("root", true).orElseThrow().startsWith("too many"), "6 of 6");
        a.release("mallory", false);
        assertEquals(1, a.held("mallory"));
        assertEquals(Optional.empty(), a.admit("carol", false));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionAdmission(4, 4, 1));
    }
}
