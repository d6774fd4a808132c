package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    static VirtualAddress va(String address, int prefix) throws Exception {
        return new VirtualAddress(InetAddress.getByName(address), prefix); // literals only: no DNS
    }

    @Test
    void rtPriorityDefaultsToTenAndZeroTurnsItOff() throws Exception {
        assertEquals(10, ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 198.51.100.10/24\n").global().rtPriority());
        assertEquals(0, ConfigParser.parse("f", "set rt-priority 0\n").global().rtPriority());
        assertEquals(99, ConfigParser.parse("f", "set rt-priority 99\n").global().rtPriority());
    }

    @Test
    void fullExampleWithSeveralInterfacesMixedFamiliesAndAmendments() throws Exception {
        String text = """
                # two routers share these
                set preempt on
                set replay strict
                set announce-repeat 5
                set on-init /usr/local/sbin/carp-init

                carp0 carpdev eth0 vhid 1 advbase 1 advskew 0 pass-file /etc/carpd/carp0.key 198.51.100.10/24 2001:db8:1::10/64
                carp1 carpdev eth0 vhid 2 advskew 100 pass secret1 198.51.100.20/24   # trailing comment
                carp2 carpdev eth1 vhid 1 advbase 3 203.0.113.5 2001:db8:2::5 group dmz down

                carp0 198.51.100.11/24 group uplink on-master /etc/carpd/up.sh
                carp1 advskew 50 delete 198.51.100.20/24 198.51.100.21/25
                carp2 up -group dmz
                """;
        CarpdConfig c = ConfigParser.parse("carpd.conf", text);

        assertEquals(new GlobalConfig(true, ReplayPolicy.STRICT, 5,
                new Hooks(Optional.empty(), Optional.empty(), Optional.of("/usr/local/sbin/carp-init")),
                Optional.empty()), c.global());
        assertEquals(List.of("carp0", "carp1", "carp2"), c.interfaces().stream().map(CarpInterfaceConfig::name).toList());

        assertEquals(new CarpInterfaceConfig("carp0", "eth0", 1, 1, 0, Passphrase.EMPTY,
                Optional.of("/etc/carpd/carp0.key"),
                List.of(va("198.51.100.10", 24), va("2001:db8:1::10", 64), va("198.51.100.11", 24)),
                List.of("carp", "uplink"), true,
                new Hooks(Optional.of("/etc/carpd/up.sh"), Optional.empty(), Optional.empty())),
                c.find("carp0").orElseThrow());
        assertEquals(new CarpInterfaceConfig("carp1", "eth0", 2, 1, 50, Passphrase.of("secret1"),
                Optional.empty(), List.of(va("198.51.100.21", 25)), List.of("carp"), true, Hooks.NONE),
                c.find("carp1").orElseThrow());
        // a bare address is a host address: /32 for IPv4, /128 for IPv6
        assertEquals(new CarpInterfaceConfig("carp2", "eth1", 1, 3, 0, Passphrase.EMPTY,
                Optional.empty(), List.of(va("203.0.113.5", 32), va("2001:db8:2::5", 128)),
                List.of("carp"), true, Hooks.NONE),
                c.find("carp2").orElseThrow());
    }

    @Test
    void metricsEndpointIsLoopbackOnlyAndOffByDefault() throws Exception {
        assertEquals(Optional.empty(), ConfigParser.parse("f", "").global().metrics());
        MetricsEndpoint v4 = ConfigParser.parse("f", "set metrics 127.0.0.1:9512").global().metrics().orElseThrow();
        assertEquals(InetAddress.getByName("127.0.0.1"), v4.address());
        assertEquals(9512, v4.port());
        assertEquals("127.0.0.1:9512", v4.toString());
        MetricsEndpoint v6 = ConfigParser.parse("f", "set metrics [0:0::1]:65535").global().metrics().orElseThrow();
        assertEquals(InetAddress.getByName("::1"), v6.address());
        assertEquals("[::1]:65535", v6.toString());
        assertEquals("127.3.2.1:1", ConfigParser.parse("f", "set metrics 127.3.2.1:1").global().metrics()
                .orElseThrow().toString());
        assertEquals(Optional.empty(), ConfigParser.parse("f", "set metrics 127.0.0.1:9512\nset metrics off")
                .global().metrics(), "a later 'off' turns it off");
    }

    @Test
    void defaultsAreOpenBsds() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 7 198.51.100.10/24\n");
        assertEquals(GlobalConfig.DEFAULTS, c.global());
        assertFalse(c.global().preempt());
        assertEquals(ReplayPolicy.AUTO, c.global().replay());
        assertEquals(2, c.global().announceRepeat());
        CarpInterfaceConfig i = c.interfaces().get(0);
        assertEquals(1, i.advbase());
        assertEquals(0, i.advskew());
        assertTrue(i.up());
        assertEquals(List.of("carp"), i.groups());
        assertEquals(Passphrase.EMPTY, i.passphrase());
        assertEquals(Optional.empty(), i.passFile());
        assertEquals(Hooks.NONE, i.hooks());
    }

    @Test
    void emptyFileIsAnEmptyConfiguration() throws Exception {
        assertEquals(CarpdConfig.EMPTY, ConfigParser.parse("f", ""));
        assertEquals(CarpdConfig.EMPTY, ConfigParser.parse("f", "# nothing\n\n   \t\n"));
    }

    @Test
    void quotedWordsTabsAndCrlf() throws Exception {
        String text = "carp0\tcarpdev eth0 vhid 1 on-master \"/opt/my hooks/master \\\"1\\\".sh\" 198.51.100.10/24\r\n"
                + "carp0 pass \"two words#\" # comment\r\n";
        CarpInterfaceConfig i = ConfigParser.parse("f", text).interfaces().get(0);
        assertEquals(Optional.of("/opt/my hooks/master \"1\".sh"), i.hooks().onMaster());
        assertEquals(Passphrase.of("two words#"), i.passphrase());
    }

    @Test
    void hashInsideAWordIsNotAComment() throws Exception {
        CarpInterfaceConfig i = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 pass ab#cd 198.51.100.10/24")
                .interfaces().get(0);
        assertEquals(Passphrase.of("ab#cd"), i.passphrase());
    }

    @Test
    void laterLinesAmendAndPassCanBeSwitchedToPassFile() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", """
                carp0 carpdev eth0 vhid 1 pass secret 198.51.100.10/24
                carp0 carpdev eth1 vhid 9 advskew 10 advskew 20
                carp0 -pass pass-file /etc/carpd/k
                carp0 delete 198.51.100.10 198.51.100.10/25
                """);
        CarpInterfaceConfig i = c.interfaces().get(0);
        assertEquals("eth1", i.carpdev());
        assertEquals(9, i.vhid());
        assertEquals(20, i.advskew());
        assertEquals(Passphrase.EMPTY, i.passphrase());
        assertEquals(Optional.of("/etc/carpd/k"), i.passFile());
        assertEquals(List.of(va("198.51.100.10", 25)), i.addresses());
    }

    @Test
    void destroyRemovesAnInterfaceAndItCanBeDefinedAgain() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", """
                carp0 carpdev eth0 vhid 1 198.51.100.10/24
                carp1 carpdev eth0 vhid 2 198.51.100.11/24
                carp0 destroy
                carp1 198.51.100.10/24
                carp0 carpdev eth0 vhid 3 198.51.100.12/24
                """);
        assertEquals(List.of("carp1", "carp0"), c.interfaces().stream().map(CarpInterfaceConfig::name).toList());
        assertEquals(3, c.find("carp0").orElseThrow().vhid());
    }

    @Test
    void sameVhidOnDifferentCarpdevsIsFine() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", """
                carp0 carpdev eth0 vhid 1 198.51.100.10/24
                carp1 carpdev eth1 vhid 1 203.0.113.10/24
                """);
        assertEquals(2, c.interfaces().size());
    }

    @Test
    void linkLocalAddressesAreAllowed() throws Exception {
        CarpInterfaceConfig i = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 fe80::1/64 169.254.7.7/16")
                .interfaces().get(0);
        assertEquals(List.of(va("fe80::1", 64), va("169.254.7.7", 16)), i.addresses());
    }

    @Test
    void namesThatLookLikeHostsAreNeverResolved() {
        // "localhost" is not an address literal: it is an unknown word, not a DNS lookup
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 localhost"));
        assertEquals(27, e.column());
        ConfigException e2 = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 1.2.3.4.example.org"));
        assertTrue(e2.getMessage().startsWith("f:1:27: expected an IPv4 or IPv6 address"), e2.getMessage());
    }

    @Test
    void exampleConfigurationFileParses() throws Exception {
        Path file = Path.of("../etc/carpd.conf");
        CarpdConfig c = ConfigParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of("carp0", "carp1"), c.interfaces().stream().map(CarpInterfaceConfig::name).toList());
        CarpInterfaceConfig carp0 = c.find("carp0").orElseThrow();
        assertEquals("eth0", carp0.carpdev());
        assertEquals(1, carp0.vhid());
        assertEquals(Optional.of("/etc/carpd/carp0.key"), carp0.passFile());
        assertEquals(List.of(va("198.51.100.1", 24), va("2001:db8:1::1", 64)), carp0.addresses());
        CarpInterfaceConfig carp1 = c.find("carp1").orElseThrow();
        assertEquals(100, carp1.advskew());
        assertEquals(List.of("carp", "services"), carp1.groups());
        // its hook lines are comments: the package ships no hook (DebPackageIT checks what it names)
        assertEquals(Hooks.NONE, carp1.hooks());
        assertEquals(Hooks.NONE, c.global().hooks());
    }
}
