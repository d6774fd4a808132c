package org.carpd.cli.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.carpd.cli.posix.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void sendsStatesToAPathSocket() throws Exception {
        String path = dir.resolve("notify").toString();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(path);
             SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            assertTrue(notify.isEnabled());
            notify.ready();
            notify.status("carp0 vhid 1 MASTER\nsecond line");
            notify.stopping();
            assertEquals("READY=1", systemd.receive(2000));
            assertEquals("STATUS=carp0 vhid 1 MASTER second line", systemd.receive(2000));
            assertEquals("STOPPING=1", systemd.receive(2000));
        }
    }

    @Test
    void sendsToAnAbstractSocketAndReloadCarriesMonotonicTime() throws Exception {
        String name = "@carpd-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(name);
             SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", name))) {
            long before = System.nanoTime() / 1000;
            notify.reloading();
            String msg = systemd.receive(2000);
            assertTrue(msg.startsWith("RELOADING=1\nMONOTONIC_USEC="), msg);
            long usec = Long.parseLong(msg.substring(msg.indexOf('=', 12) + 1));
            assertTrue(usec >= before, "monotonic time from the same clock");
        }
    }

    @Test
    void doesNothingWithoutNotifySocket() {
        try (SdNotify notify = SdNotify.fromEnvironment(Map.of())) {
            assertFalse(notify.isEnabled());
            notify.ready(); // must not throw
        }
    }

    @Test
    void aMissingListenerIsNotFatal() throws Exception {
        String path = dir.resolve("nobody-listens").toString();
        try (SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            assertTrue(notify.isEnabled());
            notify.ready(); // logged, not thrown
        }
        try (UnixDatagramReceiver late = new UnixDatagramReceiver(path)) {
            assertNull(late.receive(50));
        }
    }

    @Test
    void detectsSystemd() {
        assertTrue(ServiceEnvironment.underSystemd(Map.of("JOURNAL_STREAM", "8:1234")));
        assertTrue(ServiceEnvironment.underSystemd(Map.of("INVOCATION_ID", "abc")));
        assertFalse(ServiceEnvironment.underSystemd(Map.of("JOURNAL_STREAM", "")));
    }
}
