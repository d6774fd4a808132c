package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code lladdr virtual | carpdev | XX:XX:XX:XX:XX:XX}: grammar, errors, write-back, carpctl edits. */
class LinkAddressConfigTest {
    private static final String BASE = "carp0 carpdev eth0 vhid 7 pass-file /k 198.51.100.10/24";

    private static CarpInterfaceConfig only(String text) throws ConfigException {
        return ConfigParser.parse("f", text).interfaces().get(0);
    }

    @Test
    void defaultIsTheVirtualMacOfTheVhid() throws Exception {
        CarpInterfaceConfig c = only(BASE);
        assertEquals(LinkAddress.VIRTUAL, c.lladdr());
        assertEquals(MacAddress.parse("00:00:5e:00:01:07"), c.lladdr().mac(7).orElseThrow());
        assertEquals(MacAddress.parse("00:00:5e:00:01:ff"), LinkAddress.virtualMac(255));
    }

    @ParameterizedTest
    @CsvSource({"virtual,virtual,00:00:5e:00:01:07", "carpdev,carpdev,", "02:AB:cd:00:00:01,02:ab:cd:00:00:01,02:ab:cd:00:00:01"})
    void parsesAndWritesBackEachForm(String word, String written, String mac) throws Exception {
        CarpdConfig c = ConfigParser.parse("f", BASE + " lladdr " + word);
        LinkAddress l = c.interfaces().get(0).lladdr();
        assertEquals(Optional.ofNullable(mac).map(MacAddress::parse), l.mac(7));
        String text = ConfigWriter.render(c);
        assertEquals(true, text.contains(" lladdr " + written + " "), text);
        assertEquals(c, ConfigParser.parse("rendered", text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "carp0 carpdev eth0 vhid 7 lladdr|f:1:33: expected 'virtual', 'carpdev' or a unicast MAC address"
                + " (XX:XX:XX:XX:XX:XX) after 'lladdr', found end of line",
        "carp0 carpdev eth0 vhid 7 lladdr own|f:1:34: expected 'virtual', 'carpdev' or a unicast MAC address"
                + " (XX:XX:XX:XX:XX:XX) after 'lladdr', found 'own'",
        "carp0 carpdev eth0 vhid 7 lladdr 00:00:5e:00:01|f:1:34: expected 'virtual', 'carpdev' or a unicast MAC"
                + " address (XX:XX:XX:XX:XX:XX) after 'lladdr', found '00:00:5e:00:01'",
        "carp0 carpdev eth0 vhid 7 lladdr 01:00:5e:00:00:12|f:1:34: expected 'virtual', 'carpdev' or a unicast"
                + " MAC address (XX:XX:XX:XX:XX:XX) after 'lladdr' (not multicast, not all zero), found"
                + " '01:00:5e:00:00:12'",
        "carp0 carpdev eth0 vhid 7 lladdr 00:00:00:00:00:00|f:1:34: expected 'virtual', 'carpdev' or a unicast"
                + " MAC address (XX:XX:XX:XX:XX:XX) after 'lladdr' (not multicast, not all zero), found"
                + " '00:00:00:00:00:00'",
    })
    void badWordsNameFileLineAndColumn(String line, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", line + "\n"));
        assertEquals(message, e.getMessage());
    }

    @Test
    void oneMacTwiceOnACarpdevIsRefusedAtTheSecondLladdr() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", """
                carp0 carpdev eth0 vhid 1 pass x 198.51.100.10/24
                carp1 carpdev eth0 vhid 2 pass x lladdr 00:00:5e:00:01:01 198.51.100.11/24
                """));
        assertEquals("f:2:41: expected each lladdr once per carpdev (each is a macvlan on it), found"
                + " 00:00:5e:00:01:01 on eth0 for both carp0 and carp1", e.getMessage());
    }

    @Test
    void carpdevModeTwiceAndOtherCarpdevsAreFine() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", """
                carp0 carpdev eth0 vhid 1 pass x lladdr carpdev 198.51.100.10/24
                carp1 carpdev eth0 vhid 2 pass x lladdr carpdev 198.51.100.11/24
                carp2 carpdev eth1 vhid 1 pass x 198.51.100.12/24
                carp3 carpdev eth2 vhid 9 pass x lladdr 00:00:5e:00:01:01 198.51.100.13/24
                """);
        assertEquals(4, c.interfaces().size());
    }

    @Test
    void carpctlChangesItAndEveryWitherKeepsIt() throws Exception {
        CarpdConfig running = ConfigParser.parse("f", BASE);
        CarpdConfig next = ConfigEditor.apply(running, List.of("carp0", "lladdr", "carpdev"));
        CarpInterfaceConfig c = next.interfaces().get(0);
        assertEquals(LinkAddress.CARPDEV, c.lladdr());
        assertEquals(LinkAddress.CARPDEV, ConfigEditor.apply(next, List.of("carp0", "advskew", "9"))
                .interfaces().get(0).lladdr());
        assertEquals(LinkAddress.CARPDEV, c.withUp(false).lladdr());
        assertEquals(LinkAddress.CARPDEV, c.withAdvskew(5).lladdr());
        assertEquals(LinkAddress.CARPDEV, c.withPassphrase(null).lladdr());
        assertEquals(LinkAddress.CARPDEV, c.withCompat(PeerCompat.DEFAULT).lladdr());
        assertEquals(LinkAddress.VIRTUAL, c.withLladdr(LinkAddress.VIRTUAL).lladdr());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEditor.apply(running, List.of("carp0", "lladdr", "ff:ff:ff:ff:ff:ff")));
        assertEquals(true, e.getMessage().startsWith("carpctl:1:14: "), e.getMessage());
    }
}
