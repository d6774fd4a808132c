package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejected input, with the exact message and the line and column it points at. */
class ConfigErrorTest {
    /** Line 1 of every case: a valid carp0. */
    private static final String BASE = "carp0 carpdev eth0 vhid 1 198.51.100.10/24\n";

    static Stream<Arguments> errors() {
        return Stream.of(
                // numbers
                Arguments.of("carp0 vhid 0", "f:2:12: expected a vhid 1..255, found '0'"),
                Arguments.of("carp0 vhid 256", "f:2:12: expected a vhid 1..255, found '256'"),
                Arguments.of("carp0 vhid", "f:2:11: expected a vhid 1..255, found end of line"),
                Arguments.of("carp0 advbase 255", "f:2:15: expected an advbase 0..254, found '255'"),
                Arguments.of("carp0 advskew 255", "f:2:15: expected an advskew 0..254, found '255'"),
                Arguments.of("carp0 advskew -1", "f:2:15: expected an advskew 0..254, found '-1'"),
                Arguments.of("carp0 advskew 1e2", "f:2:15: expected an advskew 0..254, found '1e2'"),
                // names and words
                Arguments.of("Carp0 up", "f:2:1: expected a carp interface name ([a-z][a-z0-9_.-]*, at most 15"
                        + " characters), 'set' or 'track', found 'Carp0'"),
                Arguments.of("carp0123456789ab up", "f:2:1: expected a carp interface name ([a-z][a-z0-9_.-]*,"
                        + " at most 15 characters), 'set' or 'track', found 'carp0123456789ab'"),
                // carpctl's own words cannot name an interface ("carpctl stats" must stay a command)
                Arguments.of("stats carpdev eth0 vhid 1 198.51.100.1/24", "f:2:1: expected a carp interface name"
                        + " ([a-z][a-z0-9_.-]*, at most 15 characters), 'set' or 'track', found 'stats'"),
                Arguments.of("reload carpdev eth0 vhid 1 198.51.100.1/24", "f:2:1: expected a carp interface name"
                        + " ([a-z][a-z0-9_.-]*, at most 15 characters), 'set' or 'track', found 'reload'"),
                Arguments.of("carp0 frobnicate", "f:2:7: expected a carp parameter (carpdev, vhid, carpnodes, balancing, advbase,"
                        + " advskew, pass, pass-file, -pass, group, -group, up, down, on-master, on-backup,"
                        + " on-init, demote-mode, master-down, carppeer, -carppeer, peer-min-ttl, lladdr, delete) or an address, found 'frobnicate'"),
                Arguments.of("carp0", "f:2:6: expected a carp parameter (carpdev, vhid, carpnodes, balancing, advbase,"
                        + " advskew, pass, pass-file, -pass, group, -group, up, down, on-master, on-backup,"
                        + " on-init, demote-mode, master-down, carppeer, -carppeer, peer-min-ttl, lladdr, delete) or an address after 'carp0', found end of line"),
                Arguments.of("carp0 carpdev eth0:1", "f:2:15: expected an interface name"
                        + " ([A-Za-z0-9][A-Za-z0-9_.-]*, at most 15 characters) after 'carpdev', found 'eth0:1'"),
                Arguments.of("carp0 group dmz1", "f:2:13: expected a group name ([a-z][a-z0-9_.-]*, at most 15"
                        + " characters, not ending in a digit), found 'dmz1'"),
                Arguments.of("carp0 -group carp", "f:2:14: expected a group other than 'carp' (every carp"
                        + " interface is in group carp), found 'carp'"),
                Arguments.of("carp0 -group dmz", "f:2:14: expected a group of carp0, found 'dmz'"),
                Arguments.of("carp0 on-master hooks/m.sh", "f:2:17: expected an absolute path after 'on-master',"
                        + " found 'hooks/m.sh'"),
                Arguments.of("carp0 pass-file carp0.key", "f:2:17: expected an absolute path after 'pass-file',"
                        + " found 'carp0.key'"),
                Arguments.of("carp0 destroy up", "f:2:15: expected end of line, found 'up'"),
                Arguments.of("carp9 destroy", "f:2:1: expected a configured carp interface before 'destroy',"
                        + " found 'carp9'"),
                Arguments.of("\tcarp0\tvhid 0", "f:2:13: expected a vhid 1..255, found '0'"),
                // addresses
                Arguments.of("carp0 198.51.100.300/24", "f:2:7: expected an IPv4 or IPv6 address with an"
                        + " optional /PREFIX, found '198.51.100.300/24'"),
                Arguments.of("carp0 198.051.100.3/24", "f:2:7: expected an IPv4 or IPv6 address with an"
                        + " optional /PREFIX, found '198.051.100.3/24'"),
                Arguments.of("carp0 2001:db8::1::2", "f:2:7: expected an IPv4 or IPv6 address with an"
                        + " optional /PREFIX, found '2001:db8::1::2'"),
                Arguments.of("carp0 198.51.100.11/33", "f:2:7: expected a prefix length 1..32 after '/',"
                        + " found '198.51.100.11/33'"),
                Arguments.of("carp0 198.51.100.11/0", "f:2:7: expected a prefix length 1..32 after '/',"
                        + " found '198.51.100.11/0'"),
                Arguments.of("carp0 2001:db8::1/129", "f:2:7: expected a prefix length 1..128 after '/',"
                        + " found '2001:db8::1/129'"),
                Arguments.of("carp0 fe80::1%eth0/64", "f:2:7: expected an address without a %zone (the carpdev"
                        + " is the zone), found 'fe80::1%eth0/64'"),
                Arguments.of("carp0 ::ffff:198.51.100.5/120", "f:2:7: expected an IPv6 address that is not"
                        + " IPv4-mapped (write IPv4 as a.b.c.d), found '::ffff:198.51.100.5/120'"),
                Arguments.of("carp0 224.0.0.18", "f:2:7: expected a unicast address, found '224.0.0.18' (multicast)"),
                Arguments.of("carp0 255.255.255.255", "f:2:7: expected a unicast address, found"
                        + " '255.255.255.255' (broadcast)"),
                Arguments.of("carp0 240.0.0.1/4", "f:2:7: expected a unicast address, found '240.0.0.1/4'"
                        + " (reserved (240.0.0.0/4))"),
                Arguments.of("carp0 127.0.0.2/8", "f:2:7: expected a unicast address, found '127.0.0.2/8' (loopback)"),
                Arguments.of("carp0 0.1.2.3/8", "f:2:7: expected a unicast address, found '0.1.2.3/8'"
                        + " (in 0.0.0.0/8 ('this network'))"),
                Arguments.of("carp0 198.51.100.0/24", "f:2:7: expected a unicast address, found"
                        + " '198.51.100.0/24' (the network address of its /24)"),
                Arguments.of("carp0 198.51.100.255/24", "f:2:7: expected a unicast address, found"
                        + " '198.51.100.255/24' (the broadcast address of its /24)"),
                Arguments.of("carp0 ::/64", "f:2:7: expected a unicast address, found '::/64' (unspecified)"),
                Arguments.of("carp0 ::1", "f:2:7: expected a unicast address, found '::1' (loopback)"),
                Arguments.of("carp0 ff02::12/64", "f:2:7: expected a unicast address, found 'ff02::12/64' (multicast)"),
                Arguments.of("carp0 2001:db8:1::/64", "f:2:7: expected a unicast address, found"
                        + " '2001:db8:1::/64' (the subnet-router anycast address of its /64)"),
                Arguments.of("carp0 198.51.100.10/25", "f:2:7: expected an address not yet on carp0 ('delete' it"
                        + " first to change its prefix), found '198.51.100.10/25'"),
                Arguments.of("carp0 delete 198.51.100.99/24", "f:2:14: expected an address of carp0 after"
                        + " 'delete', found '198.51.100.99/24'"),
                Arguments.of("carp0 delete 198.51.100.10/25", "f:2:14: expected an address of carp0 after"
                        + " 'delete', found '198.51.100.10/25'"),
                Arguments.of("carp0 delete eth0", "f:2:14: expected an IPv4 or IPv6 address with an optional"
                        + " /PREFIX after 'delete', found 'eth0'"),
                // passphrases: say "passphrase", never show it
                Arguments.of("carp0 pass", "f:2:11: expected a passphrase after 'pass', found end of line"),
                Arguments.of("carp0 pass \"\"", "f:2:12: expected a passphrase of 1..19 bytes, found an empty"
                        + " one ('-pass' removes the passphrase)"),
                Arguments.of("carp0 pass 12345678901234567890", "f:2:12: expected a passphrase of at most"
                        + " 19 bytes, found a passphrase of 20 bytes (OpenBSD and FreeBSD cut longer keys to"
                        + " 19 bytes and ucarp refuses them, so no peer would match it)"),
                Arguments.of("carp0 pass secret pass-file /etc/k", "f:2:19: expected either 'pass' or"
                        + " 'pass-file' for carp0 ('-pass' removes the inline passphrase first), found 'pass-file'"),
                Arguments.of("carp0 pass-file /etc/k pass secret", "f:2:24: expected either 'pass' or"
                        + " 'pass-file' for carp0 ('-pass' removes the pass-file first), found 'pass'"),
                // whole-configuration checks
                Arguments.of("carp1 carpdev eth0 vhid 2 198.51.100.10/24", "f:2:27: expected each address on"
                        + " one carp interface only, found 198.51.100.10 on both carp0 and carp1"),
                Arguments.of("carp1 carpdev eth0 vhid 1 198.51.100.11/24", "f:2:25: expected each vhid once"
                        + " per carpdev, found vhid 1 on eth0 for both carp0 and carp1"),
                Arguments.of("carp1 carpdev eth0 198.51.100.11/24", "f:2:1: expected 'vhid N' or 'carpnodes VHID:ADVSKEW,...' for carp1, found none"),
                Arguments.of("carp1 vhid 2 198.51.100.11/24", "f:2:1: expected 'carpdev NAME' for carp1, found none"),
                Arguments.of("carp1 carpdev eth0 vhid 2", "f:2:1: expected at least one address for carp1, found none"),
                Arguments.of("carp0 delete 198.51.100.10", "f:1:1: expected at least one address for carp0,"
                        + " found none"),
                Arguments.of("carp1 carpdev eth1 vhid 2 198.51.100.11/24\ncarp0 carpdev carp1",
                        "f:3:15: expected a parent interface after 'carpdev', found carp interface 'carp1'"),
                // settings
                Arguments.of("set", "f:2:4: expected a setting (preempt, replay, announce-repeat, on-master,"
                        + " on-backup, on-init, -on-master, -on-backup, -on-init, metrics, rt-priority, sync-demote), found end of line"),
                Arguments.of("set frob 1", "f:2:5: expected a setting (preempt, replay, announce-repeat, on-master,"
                        + " on-backup, on-init, -on-master, -on-backup, -on-init, metrics, rt-priority, sync-demote), found 'frob'"),
                Arguments.of("set preempt yes", "f:2:13: expected 'on' or 'off' after 'preempt', found 'yes'"),
                Arguments.of("set preempt on off", "f:2:16: expected end of line, found 'off'"),
                Arguments.of("set replay maybe", "f:2:12: expected 'strict', 'auto' or 'off' after 'replay',"
                        + " found 'maybe'"),
                Arguments.of("set announce-repeat 11", "f:2:21: expected a count 0..10 after 'announce-repeat',"
                        + " found '11'"),
                Arguments.of("set rt-priority 100", "f:2:17: expected a priority 0..99 after 'rt-priority'"
                        + " (0: normal scheduling), found '100'"),
                Arguments.of("set on-backup backup.sh", "f:2:15: expected an absolute path after 'on-backup',"
                        + " found 'backup.sh'"),
                Arguments.of("set metrics", "f:2:12: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found end of line"),
                Arguments.of("set metrics on", "f:2:13: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found 'on'"),
                Arguments.of("set metrics 9512", "f:2:13: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found '9512'"),
                Arguments.of("set metrics localhost:9512", "f:2:13: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found 'localhost:9512'"),
                Arguments.of("set metrics ::1:9512", "f:2:13: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found '::1:9512'"),
                Arguments.of("set metrics [127.0.0.1]:9512", "f:2:13: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found '[127.0.0.1]:9512'"),
                Arguments.of("set metrics 127.0.0.1/8:9512", "f:2:13: expected a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off' after 'metrics', found '127.0.0.1/8:9512'"),
                Arguments.of("set metrics 0.0.0.0:9512", "f:2:13: expected a loopback address (127.0.0.0/8 or [::1])"
                        + " before the port; the metrics endpoint has no authentication, found '0.0.0.0:9512'"),
                Arguments.of("set metrics [2001:db8::1]:9512", "f:2:13: expected a loopback address (127.0.0.0/8"
                        + " or [::1]) before the port; the metrics endpoint has no authentication,"
                        + " found '[2001:db8::1]:9512'"),
                Arguments.of("set metrics 127.0.0.1:0", "f:2:13: expected a port 1..65535 after the address,"
                        + " found '127.0.0.1:0'"),
                Arguments.of("set metrics 127.0.0.1:65536", "f:2:13: expected a port 1..65535 after the address,"
                        + " found '127.0.0.1:65536'"),
                Arguments.of("set metrics 127.0.0.1:", "f:2:13: expected a port 1..65535 after the address,"
                        + " found '127.0.0.1:'"),
                Arguments.of("set metrics 127.0.0.1:9512 off", "f:2:28: expected end of line, found 'off'"),
                // lexer
                Arguments.of("carp0 on-master \"/a b", "f:2:17: expected a closing '\"' for the quoted word"
                        + " starting here, found end of line"),
                Arguments.of("carp0 on-master \"/a b\"x", "f:2:23: expected whitespace after a closing '\"',"
                        + " found another character"),
                Arguments.of("carp0 ab\"c\"", "f:2:9: expected whitespace before a quoted word, found '\"'"
                        + " inside a word"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectedWithExactLocation(String line2, String expectedMessage) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", BASE + line2 + "\n"));
        assertEquals(expectedMessage, e.getMessage());
        String[] location = expectedMessage.split(":", 4);
        assertEquals("f", e.sourceName());
        assertEquals(Integer.parseInt(location[1]), e.line());
        assertEquals(Integer.parseInt(location[2]), e.column());
        assertEquals(location[3].substring(1), e.reason());
    }
}
