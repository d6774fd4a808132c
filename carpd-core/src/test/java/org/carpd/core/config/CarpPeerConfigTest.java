package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code carppeer}, {@code -carppeer} and {@code peer-min-ttl}: parsing, errors, carpctl edits, writing back. */
class CarpPeerConfigTest {
    private static final String BASE = "carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24 2001:db8::10/64\n";

    private static List<InetAddress> ips(String... literals) throws Exception {
        List<InetAddress> out = new java.util.ArrayList<>();
        for (String s : literals) {
            out.add(InetAddress.getByName(s));
        }
        return out;
    }

    @Test
    void severalPeersOfBothFamiliesAndTheirTtl() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", BASE
                + "carp0 carppeer 198.18.2.2 carppeer 2001:DB8:2:0::2\ncarp0 carppeer 198.18.3.3 carppeer fe80::2"
                + " peer-min-ttl 250\n");
        UnicastPeers p = c.interfaces().get(0).peers();
        assertEquals(ips("198.18.2.2", "2001:db8:2::2", "198.18.3.3", "fe80::2"), p.addresses());
        assertEquals(250, p.minTtl());
        assertEquals(ips("198.18.2.2", "198.18.3.3"), p.of(false));
        assertEquals(ips("2001:db8:2::2", "fe80::2"), p.of(true));
        assertEquals(UnicastPeers.NONE, ConfigParser.parse("f", BASE).interfaces().get(0).peers());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("carp0 carppeer", "f:2:15: expected a peer's IPv4 or IPv6 address (no /PREFIX) after"
                        + " 'carppeer', found end of line"),
                Arguments.of("carp0 carppeer peer.example", "f:2:16: expected a peer's IPv4 or IPv6 address"
                        + " (no /PREFIX) after 'carppeer', found 'peer.example'"),
                Arguments.of("carp0 carppeer 198.18.2.2/24", "f:2:16: expected a peer's IPv4 or IPv6 address"
                        + " (no /PREFIX) after 'carppeer', found '198.18.2.2/24'"),
                Arguments.of("carp0 carppeer 224.0.0.18", "f:2:16: expected a unicast peer address after"
                        + " 'carppeer', found '224.0.0.18' (multicast)"),
                Arguments.of("carp0 carppeer ff02::12", "f:2:16: expected a unicast peer address after"
                        + " 'carppeer', found 'ff02::12' (multicast)"),
                Arguments.of("carp0 carppeer fe80::2%eth0", "f:2:16: expected an address without a %zone"
                        + " (the carpdev is the zone), found 'fe80::2%eth0'"),
                Arguments.of("carp0 carppeer 198.18.2.2 carppeer 198.18.2.2", "f:2:36: expected a peer not yet"
                        + " of carp0, found '198.18.2.2'"),
                Arguments.of("carp0 -carppeer 198.18.2.2", "f:2:17: expected a peer of carp0 after '-carppeer',"
                        + " found '198.18.2.2'"),
                Arguments.of("carp0 peer-min-ttl 0", "f:2:20: expected a TTL 1..255 after 'peer-min-ttl',"
                        + " found '0'"),
                Arguments.of("carp0 carppeer 198.18.2.2 peer-min-ttl 256", "f:2:40: expected a TTL 1..255 after"
                        + " 'peer-min-ttl', found '256'"),
                Arguments.of("carp0 peer-min-ttl 64", "f:2:7: expected 'carppeer ADDR' for carp0 (peer-min-ttl"
                        + " applies to peers' advertisements only), found none"),
                Arguments.of("carp0 carppeer 198.51.100.10", "f:2:16: expected a peer that is another host,"
                        + " found 198.51.100.10, a virtual address of this configuration"),
                Arguments.of("carp0 delete 2001:db8::10\ncarp0 carppeer 2001:db8::2", "f:3:16: expected a peer"
                        + " of a family carp0 advertises in, found 2001:db8::2 (carp0 has no IPv6 address)"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectedWithExactLocation(String line2, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", BASE + line2 + "\n"));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void carpctlAddsAndRemovesPeersAndRefusesToLeaveAStrayTtl() throws Exception {
        CarpdConfig running = ConfigParser.parse("f", BASE);
        CarpdConfig added = ConfigEditor.apply(running, List.of("carp0", "carppeer", "198.18.2.2", "carppeer",
                "2001:db8:2::2", "peer-min-ttl", "254"));
        assertEquals(ips("198.18.2.2", "2001:db8:2::2"), added.interfaces().get(0).peers().addresses());
        CarpdConfig removed = ConfigEditor.apply(added, List.of("carp0", "-carppeer", "198.18.2.2"));
        assertEquals(ips("2001:db8:2::2"), removed.interfaces().get(0).peers().addresses());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEditor.apply(removed, List.of("carp0", "-carppeer", "2001:db8:2::2")));
        assertEquals("carpctl:1:1: expected 'carppeer ADDR' for carp0 (peer-min-ttl applies to peers'"
                + " advertisements only), found none", e.getMessage());
        CarpdConfig none = ConfigEditor.apply(removed, List.of("carp0", "-carppeer", "2001:db8:2::2",
                "peer-min-ttl", "255"));
        assertEquals(UnicastPeers.NONE, none.interfaces().get(0).peers());
        // everything else is kept
        assertEquals(running.interfaces().get(0), none.interfaces().get(0));
        ConfigException bad = assertThrows(ConfigException.class,
                () -> ConfigEditor.apply(added, List.of("carp0", "-carppeer", "198.18.9.9")));
        assertEquals("carpctl:1:17: expected a peer of carp0 after '-carppeer', found '198.18.9.9'", bad.getMessage());
    }

    @Test
    void writtenBackAndReadAgain() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", BASE.replace("pass pw", "pass-file /k")
                + "carp0 carppeer 198.18.2.2 carppeer 2001:db8:2::2 peer-min-ttl 250\n");
        String text = ConfigWriter.render(c);
        assertTrue(text.endsWith("""
                carp0 198.51.100.10/24
                carp0 2001:db8::10/64
                carp0 carppeer 198.18.2.2
                carp0 carppeer 2001:db8:2::2
                carp0 peer-min-ttl 250
                """), text);
        assertEquals(c, ConfigParser.parse("rendered", text));
        assertTrue(!ConfigWriter.render(ConfigParser.parse("f", BASE)).contains("peer"), "nothing without peers");
    }

    @Test
    void everyWitherKeepsThePeers() throws Exception {
        UnicastPeers p = new UnicastPeers(ips("198.18.2.2"), 64);
        CarpInterfaceConfig c = new CarpInterfaceConfig("carp0", "eth0", 1, 1, 0, null, Optional.empty(),
                List.of(), List.of("carp"), true, Hooks.NONE, PeerCompat.DEFAULT, p);
        assertEquals(p, c.withUp(false).peers());
        assertEquals(p, c.withAdvskew(5).peers());
        assertEquals(p, c.withPassphrase(null).peers());
        assertEquals(p, c.withCompat(PeerCompat.DEFAULT).peers());
        assertEquals(UnicastPeers.NONE, c.withPeers(UnicastPeers.NONE).peers());
    }
}
