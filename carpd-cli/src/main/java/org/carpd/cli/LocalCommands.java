package org.carpd.cli;

import java.util.List;

/**
 * carpctl subcommands that run in carpctl itself instead of in the daemon (e.g. a future
 * {@code carpctl decode FILE.pcap}). Add each as a picocli {@code @Command} object here; carpctl
 * registers them as subcommands, and any other first word is sent to the daemon.
 */
final class LocalCommands {
    private LocalCommands() {
    }

    static List<Object> all() {
        return List.of();
    }
}
