package org.carpd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigException;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.ConfigText;
import org.carpd.core.config.ConfigWriter;
import org.junit.jupiter.api.Timeout;

/**
 * Any file to the configuration reader: bytes to text (UTF-8 check), then the grammar. Only a
 * ConfigException may come out, with a position inside the file; no message, rendering or
 * toString shows a passphrase; what parses renders to text that parses and renders the same.
 */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "5s")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void file(byte[] bytes) {
        run(bytes);
        long before = FuzzChecks.allocated();
        run(bytes);
        FuzzChecks.assertAllocatedAtMost(before, 4_000_000L + 200L * bytes.length, "one file");
    }

    /** Entry point of Jazzer's standalone driver (the fuzzing runs, see docs/reliability.md). */
    public static void fuzzerTestOneInput(byte[] bytes) {
        new ConfigFuzzTest().file(bytes);
    }

    private static void run(byte[] bytes) {
        String text;
        try {
            text = ConfigText.decode("f", bytes);
        } catch (ConfigException e) {
            assertPosition(e, bytes.length);
            return;
        }
        SecretPlanting planted = new SecretPlanting(text);
        CarpdConfig config;
        try {
            config = ConfigParser.parse("f", planted.text);
        } catch (ConfigException e) {
            assertPosition(e, planted.text.length());
            planted.assertNotIn(e.getMessage());
            return;
        }
        planted.assertNotIn(config.toString());
        String rendered = ConfigWriter.render(config);
        planted.assertNotIn(rendered);
        try {
            CarpdConfig again = ConfigParser.parse("rendered", rendered);
            // an inline passphrase is not rendered (only a comment says one is set): compare without comments
            assertEquals(withoutComments(rendered), withoutComments(ConfigWriter.render(again)), "rendering is stable");
        } catch (ConfigException e) {
            throw new AssertionError("rendered configuration does not parse: " + e.getMessage());
        }
    }

    private static String withoutComments(String text) {
        return text.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
    }

    static void assertPosition(ConfigException e, int length) {
        assertTrue(e.line() >= 1 && e.column() >= 1 && e.column() <= length + 2, e.getMessage());
        assertTrue(e.getMessage().startsWith(e.sourceName() + ":" + e.line() + ":" + e.column() + ": "), e.getMessage());
    }
}
