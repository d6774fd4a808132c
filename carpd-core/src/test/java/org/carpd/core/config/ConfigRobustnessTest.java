package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random input for the grammar: whatever a file or a carpctl command line holds, the
 * parser and the editor either succeed or throw {@link ConfigException} with a location, never
 * anything else. (That errors never echo a passphrase is {@link SecretsTest}'s job: in random
 * input the parser cannot tell a passphrase from a stray word.)
 */
class ConfigRobustnessTest {
    private static final String[] WORDS = {
        "carp0", "carp1", "carpdev", "eth0", "eth1", "vhid", "1", "2", "255", "256", "0", "-1",
        "advbase", "advskew", "254", "pass", "pw", "pass-file", "/etc/carpd/k", "-pass", "group",
        "-group", "uplink", "up", "down", "delete", "destroy", "state", "on-master", "/bin/true",
        "set", "preempt", "on", "off", "replay", "strict", "auto", "announce-repeat", "metrics",
        "127.0.0.1:9512", "198.51.100.10/24", "198.51.100.10", "2001:db8::10/64", "fe80::1/64",
        "224.0.0.18/32", "0.0.0.0/0", "::1/128", "#", "\"quoted word\"", "\"", "\\", "", "x\ty",
        "carp0123456789abcdef", "stats", "ÿ", "198.51.100.300/24", "2001:db8::/129",
    };

    @Test
    void randomFilesParseOrFailWithALocation() {
        SplittableRandom random = new SplittableRandom(2026);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int lines = 1 + random.nextInt(4);
            for (int l = 0; l < lines; l++) {
                List<String> line = words(random);
                for (String w : line) {
                    text.append(w).append(random.nextInt(8) == 0 ? "\t" : " ");
                }
                text.append('\n');
            }
            try {
                ConfigParser.parse("fuzz.conf", text.toString());
                parsed++;
            } catch (ConfigException e) {
                assertTrue(e.getMessage().startsWith("fuzz.conf:"), e.getMessage());
            } catch (RuntimeException e) {
                fail("parser threw " + e + " on:\n" + text, e);
            }
        }
        assertTrue(parsed > 0, "some random files are valid");
    }

    @Test
    void randomCarpctlCommandsApplyOrFailAndNeverChangeTheRunningConfig() throws Exception {
        CarpdConfig running = ConfigParser.parse("base", """
                carp0 carpdev eth0 vhid 1 pass-file /etc/carpd/k 198.51.100.10/24 2001:db8::10/64
                carp1 carpdev eth0 vhid 2 advskew 100 pass-file /etc/carpd/k 198.51.100.20/24
                """);
        String before = ConfigWriter.render(running);
        SplittableRandom random = new SplittableRandom(7);
        int applied = 0;
        for (int i = 0; i < 20_000; i++) {
            List<String> command = words(random);
            try {
                CarpdConfig next = ConfigEditor.apply(running, command);
                ConfigParser.parse("round-trip", ConfigWriter.render(next)); // what show-config prints parses
                applied++;
            } catch (ConfigException e) {
                assertTrue(e.getMessage().startsWith("carpctl:1:"), e.getMessage());
            } catch (RuntimeException e) {
                fail("editor threw " + e + " on " + command, e);
            }
        }
        assertTrue(ConfigWriter.render(running).equals(before), "the running configuration is immutable");
        assertTrue(applied > 0, "some random commands are valid");
    }

    private static List<String> words(SplittableRandom random) {
        List<String> words = new ArrayList<>();
        int n = 1 + random.nextInt(10);
        for (int i = 0; i < n; i++) {
            words.add(WORDS[random.nextInt(WORDS.length)]);
        }
        return words;
    }
}
