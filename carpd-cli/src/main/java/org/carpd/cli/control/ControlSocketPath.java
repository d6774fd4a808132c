package org.carpd.cli.control;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where the control socket lives: the command-line option, else {@code $CARPD_SOCKET}, else the default. */
public final class ControlSocketPath {
    public static final Path DEFAULT = Path.of("/run/carpd/carpd.sock");
    public static final String ENV = "CARPD_SOCKET";

    private ControlSocketPath() {
    }

    public static Path resolve(Optional<Path> option, Map<String, String> env) {
        if (option.isPresent()) {
            return option.get();
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isEmpty() ? DEFAULT : Path.of(fromEnv);
    }
}
