package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigEditor;
import org.carpd.core.config.ConfigParser;
import org.junit.jupiter.api.Test;

/** A carpdev that does not exist: refused in a carpctl edit, named in a warning at start-up. */
class CarpdevCheckTest {
    private static final String FILE = """
            # two vhids on eth0
            carp0 carpdev eth0 vhid 1 pass pw 198.18.0.10/24
            carp1 carpdev eht0 vhid 2 pass pw 198.18.0.20/24   # the typo
            """;

    /** A fake kernel: these links exist; remembers what it was asked. */
    private static final class FakeLinks implements LinkLookup {
        final Set<String> names;
        final List<String> asked = new ArrayList<>();

        FakeLinks(String... names) {
            this.names = Set.of(names);
        }

        @Override
        public boolean exists(String name) {
            asked.add(name);
            return names.contains(name);
        }
    }

    private static CarpdConfig config(String text) throws Exception {
        return ConfigParser.parse("test", text);
    }

    private static CarpdConfig edit(CarpdConfig current, String... words) throws Exception {
        return ConfigEditor.apply(current, List.of(words));
    }

    @Test
    void changingTheCarpdevToAMissingInterfaceIsRefusedNamingIt() throws Exception {
        CarpdConfig current = config("carp0 carpdev eth0 vhid 1 pass pw 198.18.0.10/24\n");
        FakeLinks links = new FakeLinks("lo", "eth0", "eth1");
        Optional<String> refusal = CarpdevCheck.refusal(current, edit(current, "carp0", "carpdev", "eht0"), links);
        assertEquals(Optional.of("carpctl: carp0: carpdev eht0: no such network interface; nothing changed"), refusal);
        assertEquals(Optional.empty(), CarpdevCheck.refusal(current, edit(current, "carp0", "carpdev", "eth1"), links));
    }

    @Test
    void creatingAnInterfaceOnAMissingCarpdevIsRefused() throws Exception {
        CarpdConfig current = config("carp0 carpdev eth0 vhid 1 pass pw 198.18.0.10/24\n");
        FakeLinks links = new FakeLinks("eth0");
        CarpdConfig next = edit(current, "carp1", "carpdev", "eth9", "vhid", "2", "pass", "pw", "198.18.0.20/24");
        assertTrue(CarpdevCheck.refusal(current, next, links).orElseThrow().contains("carp1: carpdev eth9: no such"));
    }

    @Test
    void aVanishedCarpdevDoesNotBlockUnrelatedChanges() throws Exception {
        CarpdConfig current = config("carp0 carpdev eth0 vhid 1 pass pw 198.18.0.10/24\n"
                + "carp1 carpdev usb0 vhid 2 pass pw 198.18.0.20/24\n");
        FakeLinks links = new FakeLinks("eth0"); // usb0 was unplugged
        assertEquals(Optional.empty(), CarpdevCheck.refusal(current, edit(current, "carp0", "advskew", "50"), links));
        assertEquals(Optional.empty(), CarpdevCheck.refusal(current, edit(current, "carp1", "advskew", "50"), links));
        assertEquals(List.of(), links.asked, "only carpdevs the edit sets are looked up");
    }

    @Test
    void aLookupFailureRefusesTheEditSayingWhy() throws Exception {
        CarpdConfig current = config("carp0 carpdev eth0 vhid 1 pass pw 198.18.0.10/24\n");
        LinkLookup broken = name -> {
            throw new IOException("look up link 'eth1': EPERM");
        };
        IOException e = assertThrows(IOException.class,
                () -> CarpdevCheck.refusal(current, edit(current, "carp0", "carpdev", "eth1"), broken));
        assertTrue(e.getMessage().contains("cannot check whether carpdev eth1 exists"), e.getMessage());
    }

    @Test
    void startUpWarningNamesFileLineInterfaceAndCarpdev() throws Exception {
        List<String> warnings = CarpdevCheck.missing(config(FILE), ConfigPositions.of("/etc/carpd/carpd.conf", FILE),
                new FakeLinks("eth0"));
        assertEquals(List.of("/etc/carpd/carpd.conf:3: carp1: carpdev eht0 does not exist; carp1 stays in INIT"
                + " until it exists"), warnings);
        assertEquals(List.of(), CarpdevCheck.missing(config(FILE), ConfigPositions.NONE, new FakeLinks("eth0", "eht0")));
    }

    @Test
    void positionsFindTheLastLineSettingTheCarpdevAndIgnoreComments() {
        ConfigPositions p = ConfigPositions.of("f", """
                carp0 carpdev eth0 vhid 1
                # carp0 carpdev eth1
                carp0 carpdev eth1 vhid 1   # moved
                carp0 advskew 5
                """);
        assertEquals(Optional.of("f:3"), p.carpdev("carp0", "eth1"));
        assertEquals(Optional.of("f:1"), p.carpdev("carp0", "eth0"));
        assertEquals(Optional.empty(), p.carpdev("carp1", "eth0"));
        assertEquals(Optional.empty(), ConfigPositions.NONE.carpdev("carp0", "eth0"));
        assertEquals(ConfigPositions.NONE, ConfigPositions.read(java.nio.file.Path.of("/nonexistent/carpd.conf")));
    }
}
