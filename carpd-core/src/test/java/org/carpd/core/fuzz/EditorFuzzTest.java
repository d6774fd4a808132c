package org.carpd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigEditor;
import org.carpd.core.config.ConfigException;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.ConfigWriter;
import org.junit.jupiter.api.Timeout;

/**
 * Any carpctl edit (the words of one command line, NUL-separated in the input so that words may
 * hold spaces) applied to a running configuration: a ConfigException or a new configuration
 * that renders and parses again; no passphrase (the running one, or one given after a word
 * {@code pass}, written {@code %S} in the input) in a message or the rendering.
 */
class EditorFuzzTest {
    /** The running configuration; its inline passphrase is planted per input like the command's. */
    private static final String RUNNING = "set preempt on\n"
            + "carp0 carpdev eth0 vhid 1 pass-file /etc/carpd/carp0.key 198.18.0.10/24 2001:db8::10/64\n"
            + "carp1 carpdev eth1 vhid 2 advskew 100 group db pass %S 198.18.1.10/24\n";

    @FuzzTest(maxDuration = "5s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void edit(byte[] bytes) {
        run(bytes);
        long before = FuzzChecks.allocated();
        run(bytes);
        FuzzChecks.assertAllocatedAtMost(before, 4_000_000L + 200L * bytes.length, "one edit");
    }

    /** Entry point of Jazzer's standalone driver (the fuzzing runs, see docs/reliability.md). */
    public static void fuzzerTestOneInput(byte[] bytes) {
        new EditorFuzzTest().edit(bytes);
    }

    private static void run(byte[] bytes) {
        String input = new String(bytes, StandardCharsets.UTF_8);
        // the secret words change with the input (see SecretPlanting); planted where carpctl would
        // carry a passphrase: the word(s) after a word "pass"
        SecretPlanting planted = new SecretPlanting(input);
        SecretPlanting runningPass = new SecretPlanting("running" + input);
        CarpdConfig running = parse(RUNNING.replace("%S", runningPass.secretWords[0]));
        List<String> command = new ArrayList<>();
        String[] words = input.split("\0", -1);
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("%S") && i > 0 && words[i - 1].equals("pass")) {
                command.add(planted.secretWords[0]);
                if ((i & 1) == 0) {
                    command.add(planted.secretWords[1]); // a passphrase with a space, unquoted
                }
            } else {
                command.add(words[i]);
            }
        }
        try {
            CarpdConfig next = ConfigEditor.apply(running, command);
            String rendered = ConfigWriter.render(next);
            planted.assertNotIn(rendered);
            runningPass.assertNotIn(rendered);
            ConfigParser.parse("rendered", rendered);
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("carpctl:1:"), e.getMessage());
            planted.assertNotIn(e.getMessage());
            runningPass.assertNotIn(e.getMessage());
        }
    }

    private static CarpdConfig parse(String text) {
        try {
            return ConfigParser.parse("running", text);
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
