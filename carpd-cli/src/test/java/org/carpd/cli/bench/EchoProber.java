package org.carpd.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The 1 kHz echo prober, {@code src/test/bench/echo-probe.py} (its header says why not ping, and
 * what it prints), copied where the client namespace runs it.
 */
final class EchoProber {
    private static final Path SCRIPT = Path.of(System.getProperty("carpd.bench.dir", "src/test/bench"), "echo-probe.py");

    private EchoProber() {
    }

    /** Copies the script into {@code dir} and returns its path. */
    static Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        return Files.copy(SCRIPT, dir.resolve("echo-probe.py"), StandardCopyOption.REPLACE_EXISTING);
    }
}
