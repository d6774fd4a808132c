package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A passphrase never appears in an exception message, a toString or rendered output. */
class SecretsTest {
    private static final String SECRET = "Sesam-oeffne-dich";
    private static final String LONG_SECRET = "Sesam-oeffne-dich-bitte-jetzt";

    private static void assertNoSecret(String text) {
        assertFalse(text.contains(SECRET), text);
        assertFalse(text.contains("Sesam"), text);
    }

    @Test
    void parserErrorsNeverShowThePassphrase() {
        List<String> files = List.of(
                "carp0 carpdev eth0 vhid 1 pass " + LONG_SECRET + " 198.51.100.10/24",
                "carp0 carpdev eth0 vhid 1 pass " + SECRET + " pass-file /k 198.51.100.10/24",
                "carp0 carpdev eth0 vhid 1 pass-file /k pass " + SECRET + " 198.51.100.10/24",
                "carp0 carpdev eth0 vhid 1 pass " + SECRET + " frob",
                "carp0 carpdev eth0 vhid 1 pass " + SECRET,  // no address: whole-config error
                "carp0 carpdev eth0 vhid 1 pass \"" + SECRET,
                "carp0 carpdev eth0 vhid 1 pass \"" + SECRET + "\"x",
                "carp0 carpdev eth0 vhid 1 pass " + SECRET + "\"x\"",
                "carp0 carpdev eth0 vhid 1 pass \"" + LONG_SECRET + " with spaces\"");
        for (String file : files) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", file), file);
            assertNoSecret(e.getMessage());
            assertNoSecret(e.toString());
        }
    }

    @Test
    void editorErrorsNeverShowThePassphrase() throws Exception {
        CarpdConfig running = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 pass-file /k 198.51.100.10/24");
        for (List<String> command : List.of(
                List.of("carp0", "-pass", "pass", LONG_SECRET),
                List.of("carp0", "pass", SECRET),
                List.of("carp1", "pass", SECRET),
                List.of("carp1", "carpdev", "eth0", "vhid", "1", "pass", SECRET, "198.51.100.11/24"))) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigEditor.apply(running, command));
            assertTrue(e.getMessage().startsWith("carpctl:1:"), e.getMessage());
            assertNoSecret(e.getMessage());
        }
    }

    @Test
    void toStringAndRenderingNeverShowThePassphrase() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", "carp0 carpdev eth0 vhid 1 pass " + SECRET + " 198.51.100.10/24");
        assertTrue(c.interfaces().get(0).passphrase().equals(Passphrase.of(SECRET)));
        assertNoSecret(c.toString());
        assertNoSecret(c.interfaces().get(0).toString());
        assertNoSecret(ConfigWriter.render(c));
        assertNoSecret(new Word(SECRET, 1, 1, 10).toString());
    }
}
