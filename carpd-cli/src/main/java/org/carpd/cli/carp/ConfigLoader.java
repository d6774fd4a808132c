package org.carpd.cli.carp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.carpd.cli.keys.PassFileReader;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigException;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.ConfigText;

/** Reads a configuration file and the pass-files it names. */
final class ConfigLoader {
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
        return new CarpdConfig(config.global(), out);
    }
}
