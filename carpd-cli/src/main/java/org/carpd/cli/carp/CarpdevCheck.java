package org.carpd.cli.carp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;

/**
 * Catches a carpdev that does not exist: a carpctl edit naming one is refused, as OpenBSD's
 * ifconfig refuses it (a typo would otherwise leave the vhid in INIT and demote its groups, which
 * can fail over every vhid of the host); at start-up and reload each one is named in a warning.
 */
final class CarpdevCheck {
    private CarpdevCheck() {
    }

    /**
     * The reason to refuse {@code next}, a carpctl edit of {@code current}, if it gives an interface
     * (new, or with a changed carpdev) a carpdev that does not exist. Carpdevs the edit leaves as
     * they were are not checked: one that has vanished must not block unrelated changes.
     *
     * @throws IOException if the kernel cannot be asked
     */
    static Optional<String> refusal(CarpdConfig current, CarpdConfig next, LinkLookup links) throws IOException {
        for (CarpInterfaceConfig c : next.interfaces()) {
            Optional<CarpInterfaceConfig> before = current.find(c.name());
            if (before.isPresent() && before.get().carpdev().equals(c.carpdev())) {
                continue;
            }
            boolean exists;
            try {
                exists = links.exists(c.carpdev());
            } catch (IOException e) {
                throw new IOException("carpctl: cannot check whether carpdev " + c.carpdev() + " exists: "
                        + e.getMessage() + "; nothing changed", e);
            }
            if (!exists) {
                return Optional.of("carpctl: " + c.name() + ": carpdev " + c.carpdev()
                        + ": no such network interface; nothing changed");
            }
        }
        return Optional.empty();
    }

    /**
     * One warning for each interface of {@code config} whose carpdev does not exist, each starting
     * with where that carpdev is configured ({@code FILE:LINE: }) when {@code where} knows it.
     */
    static List<String> missing(CarpdConfig config, ConfigPositions where, LinkLookup links) {
        List<String> warnings = new ArrayList<>();
        for (CarpInterfaceConfig c : config.interfaces()) {
            boolean exists;
            try {
                exists = links.exists(c.carpdev());
            } catch (IOException e) {
                warnings.add("cannot check whether carpdev " + c.carpdev() + " exists: " + e.getMessage());
                return warnings;
            }
            if (!exists) {
                warnings.add(where.carpdev(c.name(), c.carpdev()).map(p -> p + ": ").orElse("") + c.name()
                        + ": carpdev " + c.carpdev() + " does not exist; " + c.name()
                        + " stays in INIT until it exists");
            }
        }
        return warnings;
    }
}
