package org.carpd.core.config;

import static org.carpd.core.config.ConfigParserTest.va;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigWriterTest {
    @Test
    void rendersTheFileGrammar() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", """
                set on-master "/opt/hooks dir/m.sh"
                carp0 carpdev eth0 vhid 1 pass-file /etc/carpd/carp0.key 198.51.100.10/24
                carp0 2001:0DB8:0001:0000:0000:0000:0000:0010/64 group dmz down demote-mode advskew
                """);
        assertEquals("""
                # carpd configuration
                set preempt off
                set replay auto
                set announce-repeat 2
                set on-master "/opt/hooks dir/m.sh"
                set metrics off
                set sync-demote off

                carp0 carpdev eth0 vhid 1 advbase 1 advskew 0 pass-file /etc/carpd/carp0.key group dmz demote-mode advskew master-down openbsd lladdr virtual down
                carp0 198.51.100.10/24
                carp0 2001:db8:1::10/64
                """, ConfigWriter.render(c));
    }

    @Test
    void roundTripsEverySetting() throws Exception {
        CarpdConfig c = new CarpdConfig(
                new GlobalConfig(true, ReplayPolicy.STRICT, 0,
                        new Hooks(Optional.of("/a/m"), Optional.of("/a/b \"q\" \\"), Optional.of("/a/i")),
                        Optional.of(new MetricsEndpoint(InetAddress.getByName("::1"), 9512)), 0),
                List.of(new CarpInterfaceConfig("carp0", "eth0", 1, 0, 254, Passphrase.EMPTY,
                                Optional.of("/etc/carpd/my key"),
                                List.of(va("198.51.100.10", 24), va("2001:db8::1:0:0:10", 64), va("fe80::1", 64)),
                                List.of("carp", "dmz", "up-links"), false,
                                new Hooks(Optional.empty(), Optional.of("/x/backup"), Optional.empty()),
                                new PeerCompat(PeerCompat.DemoteMode.OPENBSD, PeerCompat.MasterDown.FREEBSD)),
                        new CarpInterfaceConfig("vip.web-1", "enp3s0.100", 255, 254, 0, Passphrase.EMPTY,
                                Optional.empty(), List.of(va("203.0.113.7", 32)), List.of("carp"), true, Hooks.NONE)));
        String text = ConfigWriter.render(c);
        assertEquals(c, ConfigParser.parse("rendered", text), text);
    }

    @Test
    void roundTripsTheExampleFile() throws Exception {
        Path file = Path.of("../etc/carpd.conf");
        CarpdConfig c = ConfigParser.parse("carpd.conf", Files.readString(file));
        assertEquals(c, ConfigParser.parse("rendered", ConfigWriter.render(c)));
    }

    @Test
    void neverPrintsAnInlinePassphraseButSaysOneIsSet() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 pass Geheim-42 198.51.100.10/24");
        String text = ConfigWriter.render(c);
        assertFalse(text.contains("Geheim-42"), text);
        assertTrue(text.contains("# carp0: an inline passphrase is set but not shown;"), text);
        // what is saved parses back to the same configuration, minus the secret
        CarpInterfaceConfig reread = ConfigParser.parse("rendered", text).interfaces().get(0);
        assertEquals(c.interfaces().get(0).withPassphrase(Passphrase.EMPTY), reread);
    }

    @Test
    void printsThePassFileNotTheKeyReadFromIt() throws Exception {
        CarpdConfig parsed = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 pass-file /k 198.51.100.10/24");
        CarpdConfig running = new CarpdConfig(parsed.global(),
                List.of(parsed.interfaces().get(0).withPassphrase(Passphrase.of("Geheim-42"))));
        String text = ConfigWriter.render(running);
        assertFalse(text.contains("Geheim-42"), text);
        assertFalse(text.contains("inline passphrase"), text);
        assertTrue(text.contains(" pass-file /k"), text);
        assertEquals(parsed, ConfigParser.parse("rendered", text));
    }
}
