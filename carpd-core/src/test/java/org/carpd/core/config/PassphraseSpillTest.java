package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An unquoted passphrase with spaces spills into the next words: errors on those words say
 * where and what was expected, never what the word was.
 */
class PassphraseSpillTest {
    private static final String HEAD = "carp0 carpdev eth0 vhid 1 ";

    private static void assertHidden(String message, String... pieces) {
        for (String piece : pieces) {
            assertFalse(message.contains(piece), piece + " leaked: " + message);
        }
    }

    @Test
    void wordsAfterAnUnquotedPassphraseAreNeverQuotedInParserErrors() {
        record Case(String line, String at, String expected) {
        }
        List<Case> cases = List.of(
                new Case("pass Secret1 Secret2", "Secret2", "expected a carp parameter"),
                new Case("pass Secret1 Secret2 198.51.100.10/24", "Secret2", "found word 2 after 'pass'"),
                new Case("pass Open Sesame Now 198.51.100.10/24", "Sesame", "found word 2 after 'pass'"),
                new Case("pass Secret1 vhid Secret2", "Secret2", "expected a vhid 1..255, found word 3 after 'pass'"),
                new Case("pass Secret1 carpdev Secret2/x", "Secret2", "expected an interface name"),
                new Case("pass Secret1 198.51.100.10/24 Secret2:1", "Secret2", "found word 3 after 'pass'"),
                new Case("pass Secret1\tSecret2", "Secret2", "found word 2 after 'pass'"),
                new Case("pass \"Secret1 quoted\" Secret2", "Secret2", "found word 2 after 'pass'"),
                // found by fuzzing: 'pass' where the grammar takes it for a name
                new Case("carpdev pass Secret1", "Secret1", "found word 1 after 'pass'"),
                new Case("group pass Secret1 Secret2", "Secret1", "found word 1 after 'pass'"));
        for (Case c : cases) {
            String file = HEAD + c.line();
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", file), file);
            assertEquals(1, e.line(), e.getMessage());
            assertEquals(file.indexOf(c.at()) + 1, e.column(), e.getMessage());
            assertHidden(e.getMessage(), "Secret", "Open", "Sesame", "Now");
            assertFalse(e.reason().isEmpty());
            org.junit.jupiter.api.Assertions.assertTrue(e.reason().contains(c.expected()), e.getMessage());
        }
    }

    @Test
    void aPassphraseLineOnItsOwnIsNotQuotedEither() {
        // found by fuzzing: "pass" at the start of a line is taken for an interface name
        for (String file : List.of(HEAD + "198.18.0.10/24\npass Secret1", "pass Secret1 Secret2\n")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", file));
            assertHidden(e.getMessage(), "Secret");
        }
    }

    @Test
    void wordsBeforeThePassphraseAreStillQuoted() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse("f", HEAD + "frob pass Secret1"));
        assertEquals(27, e.column());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().endsWith(", found 'frob'"), e.getMessage());
    }

    @Test
    void carpctlEditsHideTheSpilledWordsToo() throws Exception {
        CarpdConfig running = ConfigParser.parse("f", HEAD + "pass-file /k 198.51.100.10/24");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigEditor.apply(running, List.of("carp0", "-pass", "pass", "Secret1", "Secret2")));
        assertHidden(e.getMessage(), "Secret");
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("found word 2 after 'pass'"), e.getMessage());
    }
}
