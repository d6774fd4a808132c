package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.carpd.cli.control.ControlProtocol;
import org.carpd.cli.control.ControlReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance mode as a file in the state directory, and carpctl's words for it. */
class MaintenanceStoreTest {
    @TempDir
    Path dir;

    @Test
    void savedModeIsReadBackByTheNextRunAndRemovedWhenOff() throws Exception {
        MaintenanceStore store = new MaintenanceStore(dir);
        assertEquals(Optional.empty(), store.load());
        Instant since = Instant.parse("2026-12-02T15:00:00Z");
        store.save(Optional.of(since));
        assertEquals("on since 2026-12-02T15:00:00Z\n", Files.readString(dir.resolve("maintenance")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("maintenance"))));
        assertEquals(Optional.of(since), new MaintenanceStore(dir).load(), "a new run (restart, upgrade, reboot) sees it");
        assertFalse(Files.exists(dir.resolve("maintenance.tmp")));
        store.save(Optional.empty());
        assertFalse(Files.exists(dir.resolve("maintenance")));
        assertEquals(Optional.empty(), new MaintenanceStore(dir).load());
    }

    @Test
    void anUnreadableFileStillMeansMaintenance() throws Exception {
        Files.writeString(dir.resolve("maintenance"), "garbage\n");
        assertEquals(Optional.of(Instant.EPOCH), new MaintenanceStore(dir).load());
        Files.writeString(dir.resolve("maintenance"), "on since yesterday\n");
        assertTrue(new MaintenanceStore(dir).load().isPresent());
    }

    @Test
    void withoutAStateDirectoryNothingIsKept() throws Exception {
        MaintenanceStore store = new MaintenanceStore(dir.resolve("missing"));
        assertFalse(store.persistent());
        store.save(Optional.of(Instant.now()));
        assertEquals(Optional.empty(), store.load());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void badWordsAreUsageErrorsThatChangeNothing() throws Exception {
        List<String> changes = new java.util.ArrayList<>();
        MaintenanceMode mode = new MaintenanceMode(dir, () -> changes.add("x"));
        for (List<String> args : List.of(List.of("maintenance", "yes"), List.of("maintenance", "on", "now"),
                List.of("maintenance", "ON"))) {
            ControlReply reply = mode.command(args, false, null); // never reaches the engine
            assertEquals(ControlProtocol.STATUS_USAGE, reply.status(), args.toString());
            assertEquals(List.of(MaintenanceMode.USAGE), reply.lines(), args.toString());
        }
        assertFalse(Files.exists(dir.resolve("maintenance")));
        assertFalse(mode.on());
        assertEquals(List.of(), changes);
        assertEquals(List.of("maintenance: off"), mode.command(List.of("maintenance"), false, null).lines());
        assertEquals(List.of("{\"maintenance\":false,\"since\":null,\"persistent\":true}"),
                mode.command(List.of("maintenance"), true, null).lines());
    }

    @Test
    void whenTheEngineDoesNotTakeItTheFileIsPutBack() {
        MaintenanceMode mode = new MaintenanceMode(dir, () -> { });
        assertThrows(NullPointerException.class, () -> mode.command(List.of("maintenance", "on"), false, null),
                "no engine here");
        assertFalse(mode.on());
        assertFalse(Files.exists(dir.resolve("maintenance")), "the file does not claim what the engine does not do");
    }

    @Test
    void aFailedSaveLeavesTheModeAsItWas() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        MaintenanceMode mode = new MaintenanceMode(readOnly, () -> { });
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "root writes anyway");
            ControlReply reply = mode.command(List.of("maintenance", "on"), false, null);
            assertEquals(ControlProtocol.STATUS_FAILURE, reply.status());
            assertTrue(reply.lines().get(0).endsWith("maintenance mode unchanged"), reply.lines().toString());
            assertFalse(mode.on());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
