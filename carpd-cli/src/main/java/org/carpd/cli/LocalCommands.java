package org.carpd.cli;

import java.util.List;

import org.carpd.cli.decode.DecodeCommand;

/**
 * carpctl subcommands that run in carpctl itself instead of in the daemon (such as
 * {@code carpctl decode -r FILE.pcap}). Add each as a picocli {@code @Command} object here; carpctl
 * registers them as subcommands, and any other first word is sent to the daemon.
 */
final class LocalCommands {
    private LocalCommands() {
    }

    static List<Object> all() {
        return List.of(new DecodeCommand());
    }
}
