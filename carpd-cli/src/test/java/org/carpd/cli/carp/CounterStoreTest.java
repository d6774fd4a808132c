package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.carpd.core.engine.ReplayMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CounterStoreTest {
    static final long NOW = 1_767_225_600_000_000L;

    @TempDir
    Path dir;

    @Test
    void startsFromTheClockWithoutASavedCounter() {
        assertEquals(NOW, new CounterStore(dir).startingCounter(NOW));
        assertEquals(NOW, new CounterStore(dir.resolve("missing")).startingCounter(NOW));
    }

    @Test
    void continuesAboveTheSavedCounterWhenTheClockWentBack() throws Exception {
        CounterStore store = new CounterStore(dir);
        store.save(NOW + 5_000_000);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("counter"))));
        long oneHourEarlier = NOW - 3_600_000_000L;
        assertEquals(NOW + 5_000_000 + CounterStore.MARGIN, new CounterStore(dir).startingCounter(oneHourEarlier));
    }

    @Test
    void aRestartSoonAfterASaveFollowsTheClockWithoutAJump() {
        CounterStore store = new CounterStore(dir);
        store.save(NOW - 60_000_000L); // saved a minute ago
        assertEquals(NOW, new CounterStore(dir).startingCounter(NOW), "no 2^32 jump, no clock alarm");
    }

    @Test
    void keepsEachVhidsReplayMemory() throws Exception {
        CounterStore store = new CounterStore(dir);
        java.util.Map<String, ReplayMemory> memory = java.util.Map.of(
                "eth0 7", new ReplayMemory(-5L, -9L, 0x37, java.util.Map.of(InetAddress.getByName("198.18.0.2"), true,
                        InetAddress.getByName("fe80::1"), false)),
                "br-lan 1", new ReplayMemory(42L, java.util.Map.of()));
        store.save(NOW, memory);
        CounterStore.Saved saved = new CounterStore(dir).load();
        assertEquals(NOW, saved.counter());
        assertEquals(memory, saved.replay());
    }

    @Test
    void aFileOfAnEarlierVersionCountsEverythingUpToTheMarkAsHeard() throws Exception {
        Files.writeString(dir.resolve("counter"), NOW + "\nmark eth0 7 42\n");
        ReplayMemory m = new CounterStore(dir).load().replay().get("eth0 7");
        assertEquals(new ReplayMemory(42L, 42L, -1, java.util.Map.of()), m);
    }

    @Test
    void usesTheClockWhenItIsAheadOfTheSavedCounter() {
        CounterStore store = new CounterStore(dir);
        store.save(NOW);
        long tomorrow = NOW + 86_400_000_000L;
        assertEquals(tomorrow, store.startingCounter(tomorrow));
    }

    @Test
    void aDamagedFileFallsBackToTheClock() throws Exception {
        Files.writeString(dir.resolve("counter"), "not a number\n");
        assertEquals(NOW, new CounterStore(dir).startingCounter(NOW));
    }

    @Test
    void withoutAStateDirectoryNothingIsWritten() {
        Path missing = dir.resolve("missing");
        new CounterStore(missing).save(NOW);
        assertEquals(false, Files.exists(missing));
    }
}
