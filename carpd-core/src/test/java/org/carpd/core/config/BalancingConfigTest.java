package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code carpnodes} and {@code balancing}: parsing, validation with positions, writing back, carpctl edits. */
class BalancingConfigTest {
    static final String BALANCED = "carp0 carpdev eth0 carpnodes 2:100,1:0 balancing ip pass-file /etc/carpd/k"
            + " 198.51.100.10/24 2001:db8::10/64\n";

    @Test
    void parsesCarpnodesSortedByVhidWithTheFirstAsVhidAndAdvskew() throws ConfigException {
        CarpInterfaceConfig c = ConfigParser.parse("f", BALANCED).interfaces().get(0);
        assertEquals(Balancing.Mode.IP, c.balancing().mode());
        assertEquals(List.of(new Balancing.CarpNode(1, 0), new Balancing.CarpNode(2, 100)), c.balancing().nodes());
        assertEquals(1, c.vhid());
        assertEquals(0, c.advskew());
        assertArrayEquals(new byte[] {1, 0, 0x5e, 0, 1, 1}, c.balancing().sharedMac());
    }

    @ParameterizedTest
    @CsvSource({"ip-unicast,IP_UNICAST,0", "ip-stealth,IP_STEALTH,0", "ip,IP,1"})
    void modesAndTheirMac(String word, Balancing.Mode mode, int firstByte) throws ConfigException {
        CarpInterfaceConfig c = ConfigParser.parse("f", "carp0 carpdev eth0 carpnodes 7:0,9:50 balancing " + word
                + " 198.51.100.10/24").interfaces().get(0);
        assertEquals(mode, c.balancing().mode());
        assertArrayEquals(new byte[] {(byte) firstByte, 0, 0x5e, 0, 1, 7}, c.balancing().sharedMac());
    }

    @Test
    void severalCarpnodesDefaultToBalancingIpAndOneIsAnOrdinaryVhid() throws ConfigException {
        assertEquals(Balancing.Mode.IP, ConfigParser.parse("f", "carp0 carpdev eth0 carpnodes 1:0,2:0 198.51.100.10/24")
                .interfaces().get(0).balancing().mode());
        CarpInterfaceConfig one = ConfigParser.parse("f", "carp0 carpdev eth0 carpnodes 5:30 198.51.100.10/24")
                .interfaces().get(0);
        assertSame(Balancing.NONE, one.balancing());
        assertEquals(5, one.vhid());
        assertEquals(30, one.advskew());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "carp0 carpdev eth0 carpnodes 1:0,2:0 vhid 3 198.51.100.10/24|f:1:38: expected either 'carpnodes' or"
            + " 'vhid'/'advskew' for carp0 (each carpnode has its own vhid and advskew), found 'vhid' after 'carpnodes'",
        "carp0 carpdev eth0 advskew 5 carpnodes 1:0,2:0 198.51.100.10/24|f:1:30: expected either 'carpnodes' or"
            + " 'vhid'/'advskew' for carp0 (each carpnode has its own vhid and advskew), found 'carpnodes' after 'advskew'",
        "carp0 carpdev eth0 carpnodes 1:0,1:5 198.51.100.10/24|f:1:30: expected carpnodes as VHID:ADVSKEW,..."
            + " (vhid 1..255, advskew 0..254, at most 32, each vhid once) after 'carpnodes', found '1:0,1:5'",
        "carp0 carpdev eth0 carpnodes 1:255 198.51.100.10/24|f:1:30: expected carpnodes as VHID:ADVSKEW,..."
            + " (vhid 1..255, advskew 0..254, at most 32, each vhid once) after 'carpnodes', found '1:255'",
        "carp0 carpdev eth0 carpnodes 0:1 198.51.100.10/24|f:1:30: expected carpnodes as VHID:ADVSKEW,..."
            + " (vhid 1..255, advskew 0..254, at most 32, each vhid once) after 'carpnodes', found '0:1'",
        "carp0 carpdev eth0 carpnodes 1:0,2:0 balancing arp 198.51.100.10/24|f:1:48: expected 'ip', 'ip-unicast',"
            + " 'ip-stealth' or 'none' after 'balancing', found 'arp'",
        "carp0 carpdev eth0 carpnodes 1:0,2:0 balancing none 198.51.100.10/24|f:1:48: expected 'balancing ip',"
            + " 'ip-unicast' or 'ip-stealth' for carp0 with 2 carpnodes, found 'balancing none' (carpd has no"
            + " carpnodes without load balancing; use 'vhid N' for failover only)",
        "carp0 carpdev eth0 vhid 1 balancing ip 198.51.100.10/24|f:1:37: expected 'carpnodes' with at least two"
            + " carpnodes for 'balancing ip' on carp0, found one vhid",
        "carp0 carpdev eth0 carpnodes 1:0,2:0 198.51.100.10/24\\ncarp1 carpdev eth0 vhid 2 198.51.100.11/24|f:2:25:"
            + " expected each vhid once per carpdev, found vhid 2 on eth0 for both carp0 and carp1",
        "carp0 carpdev eth0 carpnodes 1:0,2:0 lladdr virtual 198.51.100.10/24|f:1:45: expected 'lladdr carpdev' or no"
            + " lladdr on carp0, found 'lladdr virtual' (a balanced interface answers with its shared MAC from the carpdev)",
    })
    void errorsNameTheWord(String text, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", text.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aBalancedInterfaceUsesTheCarpdevWithoutAMacvlan() throws ConfigException {
        CarpInterfaceConfig c = ConfigParser.parse("f", "carp0 carpdev eth0 carpnodes 1:0,2:100 198.51.100.10/24\n")
                .interfaces().get(0);
        assertEquals(LinkAddress.CARPDEV, c.lladdr());
        assertEquals(LinkAddress.CARPDEV, ConfigParser.parse("f",
                "carp0 carpdev eth0 carpnodes 1:0,2:100 lladdr carpdev 198.51.100.10/24\n").interfaces().get(0).lladdr());
    }

    @Test
    void showConfigWritesItBack() throws ConfigException {
        CarpdConfig c = ConfigParser.parse("f", BALANCED);
        String text = ConfigWriter.render(c);
        assertTrue(text.contains("carp0 carpdev eth0 carpnodes 1:0,2:100 balancing ip advbase 1"), text);
        assertFalse(text.contains("vhid"), text);
        assertEquals(c, ConfigParser.parse("f", text));
    }

    @Test
    void carpctlChangesOneCarpnodesAdvskewAndConvertsBothWays() throws ConfigException {
        CarpdConfig c = ConfigParser.parse("f", BALANCED);
        CarpdConfig drained = ConfigEditor.apply(c, List.of("carp0", "carpnodes", "1:200,2:100"));
        assertEquals(List.of(new Balancing.CarpNode(1, 200), new Balancing.CarpNode(2, 100)),
                drained.interfaces().get(0).balancing().nodes());
        assertEquals(c.interfaces().get(0).addresses(), drained.interfaces().get(0).addresses());
        CarpdConfig plain = ConfigEditor.apply(c, List.of("carp0", "vhid", "4"));
        assertSame(Balancing.NONE, plain.interfaces().get(0).balancing());
        assertEquals(4, plain.interfaces().get(0).vhid());
        CarpdConfig back = ConfigEditor.apply(plain, List.of("carp0", "carpnodes", "4:0,5:10", "balancing", "ip-stealth"));
        assertEquals(Balancing.Mode.IP_STEALTH, back.interfaces().get(0).balancing().mode());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEditor.apply(c, List.of("carp0", "balancing", "none")));
        assertTrue(e.getMessage().startsWith("carpctl:1:17: expected 'balancing ip'"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigEditor.apply(c, List.of("carp0", "advskew", "5")));
        assertEquals("carpctl:1:7: expected 'carpnodes VHID:ADVSKEW,...' to change the advskews of carp0 (each"
                + " carpnode has its own), found 'advskew'", e.getMessage());
    }
}
