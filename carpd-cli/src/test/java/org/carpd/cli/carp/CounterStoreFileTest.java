package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** counter.tmp is private from its creation and never left behind by a failed save (a full disk). */
class CounterStoreFileTest {
    @TempDir
    Path dir;

    private String modes(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aFullDiskLeavesNoTemporaryFileAndTheSavedCounterIntact() throws Exception {
        CounterStore store = new CounterStore(dir);
        store.save(42);
        List<String> seenWhileWriting = new ArrayList<>();
        store.writer = (channel, bytes) -> {
            seenWhileWriting.add(modes(dir.resolve("counter.tmp")));
            throw new IOException("No space left on device");
        };
        store.save(43);
        assertEquals(List.of("rw-------"), seenWhileWriting, "0600 from creation, not chmod'ed afterwards");
        assertFalse(Files.exists(dir.resolve("counter.tmp")), "no empty counter.tmp left behind");
        assertEquals("42", Files.readString(dir.resolve("counter")).trim());
        assertEquals("rw-------", modes(dir.resolve("counter")));
    }

    @Test
    void aWorldReadableLeftoverIsReplacedNotReused() throws Exception {
        Path leftover = Files.writeString(dir.resolve("counter.tmp"), "");
        Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
        CounterStore store = new CounterStore(dir);
        List<String> seenWhileWriting = new ArrayList<>();
        store.writer = (channel, bytes) -> {
            seenWhileWriting.add(modes(dir.resolve("counter.tmp")));
            channel.write(bytes);
        };
        store.save(7);
        assertEquals(List.of("rw-------"), seenWhileWriting);
        assertEquals("7", Files.readString(dir.resolve("counter")).trim());
        assertEquals("rw-------", modes(dir.resolve("counter")));
        assertFalse(Files.exists(leftover));
    }
}
