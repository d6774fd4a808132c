package org.carpd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * that renders and parses again; no passphrase in a message.
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
        SecretPlanting planted = new SecretPlanting(input.replace('\0', '\n'));
        SecretPlanting runningPass = new SecretPlanting("running" + input);
        CarpdConfig running = parse(RUNNING.replace("%S", runningPass.secretWords[0]));
        List<String> words = new ArrayList<>(Arrays.asList(planted.text.split("\n", -1)));
        // a planted "pass SECRET" line is one word "pass SECRET": split it into the words carpctl sends
        List<String> command = new ArrayList<>();
        for (String w : words) {
            if (w.startsWith("pass Q")) {
                command.add("pass");
                command.addAll(Arrays.asList(w.substring(5).split(" ")));
            } else {
                command.add(w);
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
