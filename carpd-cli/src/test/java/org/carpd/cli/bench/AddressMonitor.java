package org.carpd.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.testing.lab.LabHost;

/**
 * Which host holds the virtual address, over time, for every daemon alike: {@code ip -ts monitor
 * address} runs in the host's namespace for the whole benchmark (line-buffered by {@code stdbuf},
 * so the file is current) and each addition or deletion of the address is one timestamped event.
 */
final class AddressMonitor {
    /** A time during which the host held the address. */
    record Span(Instant from, Instant to) {
    }

    // (eth0, or the carp0 macvlan of lladdr virtual) [2026-12-02T15:20:00.123456] Deleted 2: eth0    inet 198.18.0.10/24 scope global secondary eth0
    private static final Pattern EVENT = Pattern.compile(
            "^\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+)\\] (Deleted )?\\d+: \\S+\\s+inet (\\S+)/");

    private record Event(Instant time, boolean added) {
    }

    final LabHost host;
    private final Path file;

    private AddressMonitor(LabHost host, Path file) {
        this.host = host;
        this.file = file;
    }

    static AddressMonitor start(LabHost host, Path dir) {
        Path file = dir.resolve("addresses-" + host.name() + ".log");
        host.spawn(file, "stdbuf", "-oL", "ip", "-ts", "monitor", "address");
        return new AddressMonitor(host, file);
    }

    private List<Event> events(String vip) {
        List<Event> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new BenchException("cannot read " + file + ": " + e.getMessage());
        }
        for (String line : lines) {
            Matcher m = EVENT.matcher(line);
            if (m.find() && m.group(3).equals(vip)) {
                // ip prints local time (localtime(3)); the JVM's default zone is the same TZ
                Instant t = LocalDateTime.parse(m.group(1)).atZone(ZoneId.systemDefault()).toInstant();
                out.add(new Event(t, m.group(2) == null));
            }
        }
        return out;
    }

    /** Whether the last event for {@code vip} was its addition. */
    boolean holds(String vip) {
        List<Event> all = events(vip);
        return !all.isEmpty() && all.get(all.size() - 1).added();
    }

    /** Waits until this host holds {@code vip}; false after {@code timeout}. */
    boolean awaitHolds(String vip, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(vip)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The times within [from, to] during which this host held {@code vip} (held before {@code from} counts from it). */
    List<Span> spans(String vip, Instant from, Instant to) {
        List<Span> out = new ArrayList<>();
        Instant since = null;
        for (Event e : events(vip)) {
            if (e.time().isAfter(to)) {
                break;
            }
            if (e.added() && since == null) {
                since = e.time().isBefore(from) ? from : e.time();
            } else if (!e.added() && since != null) {
                if (e.time().isAfter(from)) {
                    out.add(new Span(since, e.time()));
                }
                since = null;
            }
        }
        if (since != null) {
            out.add(new Span(since, to));
        }
        return out;
    }
}
