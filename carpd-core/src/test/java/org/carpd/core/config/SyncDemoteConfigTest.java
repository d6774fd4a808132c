package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code set sync-demote N [timeout SECONDS]}: parsed, validated, written back, edited. */
class SyncDemoteConfigTest {
    @Test
    void offByDefaultAndParsedWithTheDefaultOrAGivenTimeout() throws Exception {
        assertEquals(SyncDemote.OFF, ConfigParser.parse("f", "").global().syncDemote());
        assertEquals(new SyncDemote(32, 60), ConfigParser.parse("f", "set sync-demote 32").global().syncDemote());
        assertEquals(new SyncDemote(32, 300),
                ConfigParser.parse("f", "set sync-demote 32 timeout 300").global().syncDemote());
        assertEquals(SyncDemote.OFF, ConfigParser.parse("f", "set sync-demote 32\nset sync-demote off")
                .global().syncDemote(), "a later 'off' turns it off");
    }

    @Test
    void badValuesNameTheFileLineAndColumn() {
        for (String[] bad : List.of(
                new String[] {"set sync-demote 0", "f:1:17: expected a demotion 1..255 or 'off' after 'sync-demote', found '0'"},
                new String[] {"set sync-demote 256", "f:1:17: expected a demotion 1..255 or 'off' after 'sync-demote', found '256'"},
                new String[] {"set sync-demote", "f:1:16: expected a demotion 1..255 or 'off' after 'sync-demote', found end of line"},
                new String[] {"set sync-demote 32 timeout 0", "f:1:28: expected seconds 1..3600 after 'timeout', found '0'"},
                new String[] {"set sync-demote 32 tiemout 9", "f:1:20: expected 'timeout' or the end of the line after the sync demotion, found 'tiemout'"},
                new String[] {"set sync-demote 32 timeout 9 x", "f:1:30: expected end of line, found 'x'"})) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("f", bad[0]), bad[0]);
            assertEquals(bad[1], e.getMessage(), bad[0]);
        }
    }

    @Test
    void writtenBackAndEditedWithCarpctl() throws Exception {
        CarpdConfig c = ConfigParser.parse("f", "set sync-demote 32 timeout 90\n");
        String text = ConfigWriter.render(c);
        assertTrue(text.contains("\nset sync-demote 32 timeout 90\n"), text);
        assertEquals(c.global(), ConfigParser.parse("f", text).global());
        assertEquals(SyncDemote.OFF, ConfigEditor.apply(c, List.of("set", "sync-demote", "off")).global().syncDemote());
        assertThrows(IllegalArgumentException.class, () -> new SyncDemote(1, 0));
    }
}
