package org.carpd.cli.flood;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The flood sender, {@code src/test/bench/carp-flood.py} (its header says what it sends and
 * prints), copied where a lab namespace runs it. The benchmark scripts use the same file.
 */
final class FloodSender {
    private static final Path SCRIPT = Path.of("src/test/bench/carp-flood.py");

    private FloodSender() {
    }

    static Path writeTo(Path dir) throws IOException {
        return Files.copy(SCRIPT, dir.resolve("carp-flood.py"), StandardCopyOption.REPLACE_EXISTING);
    }
}
