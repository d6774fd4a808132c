package org.carpd.cli.carp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carpd.cli.hooks.HookCheck;
import org.carpd.cli.keys.PassFileReader;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigException;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.ConfigText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a configuration file and the pass-files it names. */
final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    static CarpdConfig load(Path file) throws IOException, ConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        return readKeys(ConfigParser.parse(file.toString(), ConfigText.decode(file.toString(), bytes)));
    }

    /**
     * {@link #readKeys} for a carpctl edit: the operator's path is read by the daemon, with the
     * daemon's rights, so every failure gets the same answer (whether the file exists, is a
     * directory, has the wrong owner or length is not told); the daemon log has the reason.
     */
    static CarpdConfig readKeysForOperator(CarpdConfig config) throws IOException {
        try {
            return readKeys(config);
        } catch (IOException e) {
            LOG.warn("carpctl edit refused: {}", e.getMessage());
            throw new IOException("carpctl: cannot use that pass-file: it must be a regular file of 1.."
                    + org.carpd.core.config.Passphrase.MAX_BYTES + " bytes that carpd can read, owned by root or"
                    + " carpd, not readable by others, in directories only root or carpd can write"
                    + " (the daemon log says what is wrong)");
        }
    }

    /** Hooks of {@code config} (read from {@code file}) that cannot run; see {@link HookCheck}. */
    static List<String> hookProblems(Path file, CarpdConfig config) {
        try {
            return HookCheck.problems(file.toString(), Files.readString(file, StandardCharsets.UTF_8), config);
        } catch (IOException e) {
            return List.of("cannot read configuration " + file + " again: " + e.getMessage());
        }
    }

    /** Fills in the passphrase of every interface that has a pass-file. */
    static CarpdConfig readKeys(CarpdConfig config) throws IOException {
        List<CarpInterfaceConfig> out = new ArrayList<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            if (c.passFile().isPresent()) {
                try {
                    c = c.withPassphrase(PassFileReader.read(Path.of(c.passFile().get())));
                } catch (IOException e) {
                    throw new IOException(c.name() + ": " + e.getMessage(), e);
                }
            }
            out.add(c);
        }
        return new CarpdConfig(config.global(), out, config.trackers());
    }
}
