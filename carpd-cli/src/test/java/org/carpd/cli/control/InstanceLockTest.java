package org.carpd.cli.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void secondHolderIsRefusedUntilTheFirstReleases() throws IOException {
        Path socket = dir.resolve("run/carpd.sock");
        ControlServer.Settings settings = ControlServer.Settings.defaults(socket);
        Path file = dir.resolve("run/carpd.sock.lock");
        assertEquals(file, InstanceLock.lockFile(socket));
        try (InstanceLock first = InstanceLock.acquire(settings)) {
            // the socket directory is created as the control server creates it
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
            IOException refused = assertThrows(IOException.class, () -> InstanceLock.acquire(settings));
            assertEquals("another carpd is already running with control socket " + socket + " (pid "
                    + ProcessHandle.current().pid() + ", lock " + file + "); not starting (its addresses are left alone)",
                    refused.getMessage());
        }
        // released on close; the file left behind does not matter
        assertTrue(Files.exists(file));
        try (InstanceLock again = InstanceLock.acquire(settings)) {
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void aLockFileThatCannotBeOpenedIsAClearError() throws IOException {
        Path socket = dir.resolve("carpd.sock");
        Files.createDirectory(InstanceLock.lockFile(socket)); // a directory cannot be opened for writing
        IOException e = assertThrows(IOException.class, () -> InstanceLock.acquire(ControlServer.Settings.defaults(socket)));
        assertTrue(e.getMessage().startsWith("cannot open lock file " + dir.resolve("carpd.sock.lock")), e.getMessage());
    }
}
