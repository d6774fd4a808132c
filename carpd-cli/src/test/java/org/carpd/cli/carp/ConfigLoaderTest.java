package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.carpd.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void aBinaryConfigurationIsReportedAtFileLineColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("carpd.conf");
        Files.write(file, new byte[] {'#', ' ', 'o', 'k', '\n', 'c', 'a', 'r', 'p', (byte) 0xff, (byte) 0xfe, 0});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(file + ":2:5: expected UTF-8 text, found a byte sequence that is not UTF-8 (byte 10 of the file)",
                e.getMessage());
    }
}
