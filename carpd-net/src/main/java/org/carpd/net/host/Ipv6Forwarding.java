package org.carpd.net.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Whether the host forwards IPv6 on one interface: {@code /proc/sys/net/ipv6/conf/IFNAME/forwarding},
 * read as a file each time it is asked (the operator may change it while carpd runs). The file
 * belongs to the network namespace of the reading thread, so ask from the protocol thread.
 */
final class Ipv6Forwarding implements BooleanSupplier {
    static final Path PROC_CONF = Path.of("/proc/sys/net/ipv6/conf");

    private final Path file;

    Ipv6Forwarding(Path confDir, String ifname) {
        this.file = confDir.resolve(ifname).resolve("forwarding");
    }

    Ipv6Forwarding(String ifname) {
        this(PROC_CONF, ifname);
    }

    /** True when the file holds a non-zero number; false when it is 0, missing (IPv6 off) or unreadable. */
    @Override
    public boolean getAsBoolean() {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip();
            return !text.isEmpty() && Long.parseLong(text) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
