package org.carpd.core.config;

import static org.carpd.core.config.ConfigParserTest.va;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfigEditorTest {
    private CarpdConfig running;

    @BeforeEach
    void load() throws Exception {
        running = ConfigParser.parse("carpd.conf", """
                carp0 carpdev eth0 vhid 1 pass-file /etc/carpd/carp0.key 198.51.100.10/24 2001:db8:1::10/64
                """);
        CarpInterfaceConfig carp0 = running.interfaces().get(0);
        // as the daemon does after reading the key file
        running = new CarpdConfig(running.global(), List.of(carp0.withPassphrase(Passphrase.of("from-file"))));
    }

    private static CarpdConfig apply(CarpdConfig c, String command) throws ConfigException {
        return ConfigEditor.apply(c, List.of(command.split(" ")));
    }

    private CarpInterfaceConfig carp0(CarpdConfig c) {
        return c.find("carp0").orElseThrow();
    }

    @Test
    void changesAdvskewAndKeepsEverythingElseIncludingTheKeyReadFromFile() throws Exception {
        CarpdConfig after = apply(running, "carp0 advskew 100");
        assertEquals(carp0(running).withAdvskew(100), carp0(after));
        assertEquals(Passphrase.of("from-file"), carp0(after).passphrase());
    }

    @Test
    void addsAndDeletesAnAddress() throws Exception {
        CarpdConfig added = apply(running, "carp0 198.51.100.11/24");
        assertEquals(List.of(va("198.51.100.10", 24), va("2001:db8:1::10", 64), va("198.51.100.11", 24)),
                carp0(added).addresses());
        CarpdConfig deleted = apply(added, "carp0 delete 198.51.100.11/24");
        assertEquals(running, deleted);
    }

    @Test
    void destroysAnInterface() throws Exception {
        assertEquals(List.of(), apply(running, "carp0 destroy").interfaces());
    }

    @Test
    void changesAGlobalSetting() throws Exception {
        CarpdConfig after = apply(running, "set preempt on");
        assertTrue(after.global().preempt());
        assertEquals(running.interfaces(), after.interfaces());
        assertEquals(Optional.of("/x/m.sh"), apply(after, "set on-master /x/m.sh").global().hooks().onMaster());
    }

    @Test
    void createsANewInterface() throws Exception {
        CarpdConfig after = apply(running, "carp1 carpdev eth0 vhid 2 advskew 50 pass s3cret 198.51.100.20/24");
        assertEquals(List.of("carp0", "carp1"), after.interfaces().stream().map(CarpInterfaceConfig::name).toList());
        assertEquals(new CarpInterfaceConfig("carp1", "eth0", 2, 1, 50, Passphrase.of("s3cret"), Optional.empty(),
                List.of(va("198.51.100.20", 24)), List.of("carp"), true, Hooks.NONE), after.find("carp1").orElseThrow());
    }

    @Test
    void aNewPassFileForgetsTheOldKeyAndInlineCanReplaceFileInOneCommand() throws Exception {
        CarpdConfig newFile = apply(running, "carp0 pass-file /etc/carpd/other.key");
        assertEquals(Passphrase.EMPTY, carp0(newFile).passphrase());
        assertEquals(Optional.of("/etc/carpd/other.key"), carp0(newFile).passFile());

        CarpdConfig inline = apply(running, "carp0 -pass pass hunter2");
        assertEquals(Passphrase.of("hunter2"), carp0(inline).passphrase());
        assertEquals(Optional.empty(), carp0(inline).passFile());
    }

    @Test
    void wordsMayContainSpaces() throws Exception {
        CarpdConfig after = ConfigEditor.apply(running, List.of("carp0", "on-master", "/opt/my hooks/m.sh"));
        assertEquals(Optional.of("/opt/my hooks/m.sh"), carp0(after).hooks().onMaster());
    }

    @Test
    void errorsPointAtTheCharacterColumnOfTheWordInTheCommand() {
        assertError("carpctl:1:15: expected an advskew 0..254, found '300'", "carp0 advskew 300");
        assertError("carpctl:1:25: expected each vhid once per carpdev, found vhid 1 on eth0 for both carp0 and carp1",
                "carp1 carpdev eth0 vhid 1 198.51.100.20/24");
        assertError("carpctl:1:27: expected each address on one carp interface only, found 198.51.100.10 on"
                + " both carp0 and carp1", "carp1 carpdev eth0 vhid 2 198.51.100.10/24");
        assertError("carpctl:1:1: expected at least one address for carp0, found none",
                "carp0 delete 198.51.100.10/24 delete 2001:db8:1::10/64");
        assertError("carpctl:1:1: expected 'carpdev NAME' for carp2, found none", "carp2 advskew 10");
        assertError("carpctl:1:7: expected either 'pass' or 'pass-file' for carp0 ('-pass' removes the"
                + " pass-file first), found 'pass'", "carp0 pass x");
        assertError("carpctl:1:1: expected a configured carp interface before 'destroy', found 'carp7'",
                "carp7 destroy");
    }

    @Test
    void emptyCommandIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigEditor.apply(running, List.of()));
        assertEquals("carpctl:1:1: expected a carp interface name, 'set' or 'track', found end of line", e.getMessage());
    }

    @Test
    void aFailedCommandLeavesTheRunningConfigurationAsItWas() throws Exception {
        CarpdConfig before = running;
        CarpInterfaceConfig carp0Before = carp0(running);
        assertThrows(ConfigException.class, () -> apply(running, "carp0 advskew 100 vhid 0"));
        assertSame(before, running);
        assertEquals(carp0Before, carp0(running));
        assertEquals(0, carp0(running).advskew());
    }

    private void assertError(String expected, String command) {
        ConfigException e = assertThrows(ConfigException.class, () -> apply(running, command));
        assertEquals(expected, e.getMessage());
        assertEquals("carpctl", e.sourceName());
        assertEquals(1, e.line());
    }
}
