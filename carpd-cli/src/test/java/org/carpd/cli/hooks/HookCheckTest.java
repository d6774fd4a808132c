package org.carpd.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.carpd.cli.carp.CarpDaemonFactory;
import org.carpd.core.config.ConfigParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookCheckTest {
    @TempDir
    Path dir;

    private Path file(String name, String mode) throws Exception {
        Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private List<String> problems(String text) throws Exception {
        return HookCheck.problems("c.conf", text, ConfigParser.parse("c.conf", text));
    }

    @Test
    void reportsEachHookThatCannotRunWithItsPosition() throws Exception {
        Path good = file("good", "rwxr-xr-x");
        Path plain = file("plain", "rw-r--r--");
        Path missing = dir.resolve("missing");
        Path spaced = dir.resolve("with space");
        String text = "set on-master " + good + "\n"
                + "set on-backup " + missing + "\n"
                + "# carp0 on-init " + missing + "\n"
                + "carp0 carpdev eth0 vhid 1 198.18.0.10/24 on-master " + plain + "\n"
                + "carp0 on-init \"" + spaced + "\"\n"
                + "carp1 carpdev eth0 vhid 2 198.18.0.11/24 on-backup " + dir + "\n";
        int carp1Column = ("carp1 carpdev eth0 vhid 2 198.18.0.11/24 on-backup ").length() + 1;
        assertEquals(List.of(
                "c.conf:2:15: on-backup hook " + missing + " does not exist",
                "c.conf:4:52: on-master hook " + plain + " is not executable",
                "c.conf:5:15: on-init hook " + spaced + " does not exist",
                "c.conf:6:" + carp1Column + ": on-backup hook " + dir + " is not a regular file"), problems(text));
    }

    @Test
    void theLastLineThatSetsAHookIsTheOneReported() throws Exception {
        Path good = file("good", "rwx------");
        String text = "carp0 carpdev eth0 vhid 1 198.18.0.10/24 on-master /nope/a\n"
                + "carp0 on-master /nope/b\n"
                + "carp0 -on-master\n"
                + "carp0 on-master " + good + "\n"
                + "carp1 carpdev eth0 vhid 2 198.18.0.11/24\n"
                + "carp1 on-master /nope/a\n";
        assertEquals(List.of("c.conf:6:17: on-master hook /nope/a does not exist"), problems(text));
        assertEquals(List.of(), problems("carp0 carpdev eth0 vhid 1 198.18.0.10/24 on-init " + good + "\n"));
    }

    @Test
    void carpdCheckFailsOnAMissingHook() throws Exception {
        Path conf = Files.writeString(dir.resolve("carpd.conf"),
                "set preempt on\nset on-master /etc/carpd/hooks/does-not-exist.sh\n");
        Exception e = assertThrows(Exception.class, () -> new CarpDaemonFactory().check(conf));
        assertEquals(conf + ":2:15: on-master hook /etc/carpd/hooks/does-not-exist.sh does not exist", e.getMessage());
        Files.writeString(conf, "set on-master " + file("ok", "rwxr-x---") + "\n");
        assertTrue(new CarpDaemonFactory().check(conf).startsWith("0 carp interfaces"));
    }

    @Test
    void aTrackerScriptThatCannotRunIsReportedAtItsCommand() throws Exception {
        Path good = file("check", "rwxr-xr-x");
        Path plain = file("plain", "rw-r--r--");
        String text = "carp0 carpdev eth0 vhid 1 198.18.0.10/24\n"
                + "track ok script \"" + good + " -q\" demote carp 10\n"
                + "track bad script \"" + plain + " -q\" interval 3 demote carp 10\n"
                + "track up interface eth9 demote carp 10\n";
        assertEquals(List.of("c.conf:3:18: track bad: script " + plain + " is not executable"), problems(text));
    }
}
