package org.carpd.cli.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassFileReaderTest {
    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path p = dir.resolve("key");
        Files.deleteIfExists(p); // a non-root user cannot rewrite a read-only file
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    @Test
    void readsAndStripsOneNewline() throws Exception {
        assertArrayEquals("s3cret".getBytes(), PassFileReader.read(file("s3cret\n", "rw-------")).bytes());
        assertArrayEquals("s3cret\n".getBytes(), PassFileReader.read(file("s3cret\n\n", "rw-r-----")).bytes());
        assertArrayEquals("with space ".getBytes(), PassFileReader.read(file("with space ", "r--------")).bytes());
        assertArrayEquals("1234567890123456789".getBytes(),
                PassFileReader.read(file("1234567890123456789\n", "rw-------")).bytes());
    }

    @Test
    void refusesUnsafeModesNamingPathAndModeButNotContent() throws Exception {
        for (String mode : new String[] {"rw-r--r--", "rw-rw----", "rw-----w-"}) {
            Path p = file("topsecret", mode);
            Exception e = assertThrows(PassFileReader.PassFileException.class, () -> PassFileReader.read(p));
            assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("chmod 600"), e.getMessage());
            assertFalse(e.getMessage().contains("topsecret"));
        }
        Path world = file("x", "rw-r--r--");
        assertTrue(assertThrows(PassFileReader.PassFileException.class, () -> PassFileReader.read(world))
                .getMessage().contains("mode 0644"));
    }

    @Test
    void refusesEmptyTooLongAndNonRegular() throws Exception {
        Path tooLong = file("12345678901234567890", "rw-------");
        Exception e = assertThrows(PassFileReader.PassFileException.class, () -> PassFileReader.read(tooLong));
        assertTrue(e.getMessage().contains("more than 19 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains("12345"));
        Path empty = file("\n", "rw-------");
        assertThrows(PassFileReader.PassFileException.class, () -> PassFileReader.read(empty));
        assertThrows(PassFileReader.PassFileException.class, () -> PassFileReader.read(dir));
        Exception missing = assertThrows(PassFileReader.PassFileException.class,
                () -> PassFileReader.read(dir.resolve("missing")));
        assertTrue(missing.getMessage().endsWith("/missing does not exist"), missing.getMessage());
    }
}
