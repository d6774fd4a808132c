package org.carpd.cli.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names the process as {@code ps}, {@code top} and {@code pgrep} show it (the kernel's "comm",
 * otherwise "java"). Java's main method does not run on the process's first thread, so this writes
 * /proc/self/comm (the first thread's name; any thread of the process may set it) rather than
 * calling prctl(PR_SET_NAME) on the current thread. pidof matches argv[0] instead, which the
 * launcher sets with {@code exec -a}.
 */
public final class ProcessName {
    private ProcessName() {
    }

    /** Sets the name (at most 15 bytes are kept); false if the kernel refused. */
    public static boolean set(String name) {
        try {
            Files.writeString(Path.of("/proc/self/comm"), name);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // cosmetic: never a reason not to run
        }
    }
}
