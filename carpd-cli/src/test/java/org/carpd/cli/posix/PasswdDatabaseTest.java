package org.carpd.cli.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** The uid behind a user name, as the change log prints it. */
class PasswdDatabaseTest {
    @Test
    void rootIsUidZeroAndANumberIsItself() {
        assertEquals(OptionalLong.of(0), PasswdDatabase.uid("root"));
        assertEquals(OptionalLong.of(4242), PasswdDatabase.uid("4242"), "a uid without passwd entry is named by its number");
        assertEquals(OptionalLong.empty(), PasswdDatabase.uid("no-such-user-carpd-test"));
    }

    @Test
    void nobodyHasItsPasswdUid() throws Exception {
        Process p = new ProcessBuilder("id", "-u", "nobody").start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0 && !out.isEmpty(), "no user nobody");
        assertEquals(OptionalLong.of(Long.parseLong(out)), PasswdDatabase.uid("nobody"));
    }
}
