package org.carpd.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.testing.lab.LabHost;

/**
 * The client's 1 kHz probe: {@code ping -D -i 0.001} at the virtual address (the kernel of whichever
 * node holds it answers), stopped with SIGINT as soon as the run has seen enough, so that a fast
 * failover does not wait for a fixed probe length. ping's reply timestamps ({@code -D}, gettimeofday)
 * share the wall clock with {@code ip -ts monitor} and the fault's {@link Instant#now()}.
 */
final class Probe {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] \\d+ bytes from .*icmp_seq=\\d+");

    private final Process ping;
    private final Path output;

    private Probe(Process ping, Path output) {
        this.ping = ping;
        this.output = output;
    }

    /** Starts pinging {@code address} from {@code client}; ping gives up by itself after {@code maxSeconds}. */
    static Probe start(LabHost client, String address, Path dir, int maxSeconds) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("ping.log");
        String every = String.format(Locale.ROOT, "%.3f", Scenario.PROBE_INTERVAL.toNanos() / 1e9);
        return new Probe(client.spawn(out, "ping", "-n", "-D", "-i", every, "-w", String.valueOf(maxSeconds), address), out);
    }

    /** Stops ping (SIGINT: it flushes its output and exits) and returns the reply times in order. */
    List<Instant> stop() throws IOException, InterruptedException {
        if (ping.isAlive()) {
            new ProcessBuilder("kill", "-INT", Long.toString(ping.pid())).start().waitFor(5, TimeUnit.SECONDS);
        }
        if (!ping.waitFor(10, TimeUnit.SECONDS)) {
            ping.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new BenchException("ping did not stop on SIGINT");
        }
        List<Instant> replies = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            Matcher m = REPLY.matcher(line.strip());
            if (m.find()) {
                String micros = (m.group(2) + "000000").substring(0, 6);
                replies.add(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(micros) * 1000));
            }
        }
        return replies;
    }
}
