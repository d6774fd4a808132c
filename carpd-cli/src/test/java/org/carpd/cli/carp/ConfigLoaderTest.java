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

    @Test
    void carpctlLearnsNothingAboutTheFilesItNames(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.key"), "s3cret\n");
        Files.setPosixFilePermissions(good, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path worldReadable = Files.writeString(dir.resolve("world.key"), "s3cret\n");
        Path tooLong = Files.writeString(dir.resolve("long.key"), "x".repeat(40));
        Files.setPosixFilePermissions(tooLong, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path empty = Files.writeString(dir.resolve("empty.key"), "");
        Files.setPosixFilePermissions(empty, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.util.Set<String> answers = new java.util.HashSet<>();
        for (Path p : java.util.List.of(dir.resolve("missing"), dir, worldReadable, tooLong, empty,
                Path.of("/etc/passwd"), Path.of("/nonexistent/dir/key"), Path.of("/proc/self/environ"))) {
            org.carpd.core.config.CarpdConfig config = org.carpd.core.config.ConfigParser.parse("f",
                    "carp0 carpdev eth0 vhid 1 pass-file " + p + " 198.18.0.10/24\n");
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> ConfigLoader.readKeysForOperator(config));
            answers.add(e.getMessage());
            // the detailed reason is still given where the administrator reads it (start-up, --check, log)
            assertThrows(java.io.IOException.class, () -> ConfigLoader.readKeys(config));
        }
        assertEquals(1, answers.size(), answers.toString());
        assertEquals(false, answers.iterator().next().contains(dir.toString()));
        org.carpd.core.config.CarpdConfig ok = org.carpd.core.config.ConfigParser.parse("f",
                "carp0 carpdev eth0 vhid 1 pass-file " + good + " 198.18.0.10/24\n");
        assertEquals(org.carpd.core.config.Passphrase.of("s3cret"),
                ConfigLoader.readKeysForOperator(ok).interfaces().get(0).passphrase());
    }
}
