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
 * The client's 1 kHz probe: ICMP echo requests at the virtual address (the kernel of whichever
 * node holds it answers) from {@link EchoProber}, which keeps its 1 ms interval through an outage
 * (ping does not), stopped with SIGINT as soon as the run has seen enough, so that a fast failover
 * does not wait for a fixed probe length. Its reply timestamps (the kernel's, wall clock) share
 * the clock with {@code ip -ts monitor} and the fault's {@link Instant#now()}.
 */
final class Probe {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] \\d+ bytes from .*icmp_seq=\\d+");
    private static final Pattern LOST = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] lost icmp_seq=\\d+");

    /** Reply times, and the send times of the requests that got none, each in order. */
    record Recorded(List<Instant> replies, List<Instant> lost) {
    }

    private final Process prober;
    private final Path output;

    private Probe(Process prober, Path output) {
        this.prober = prober;
        this.output = output;
    }

    /** Starts probing {@code address} from {@code client}; the prober gives up by itself after {@code maxSeconds}. */
    static Probe start(LabHost client, String address, Path dir, int maxSeconds) throws IOException {
        Files.createDirectories(dir);
        Path out = dir.resolve("probe.log");
        String every = String.format(Locale.ROOT, "%.6f", Scenario.PROBE_INTERVAL.toNanos() / 1e9);
        Path script = EchoProber.writeTo(dir);
        return new Probe(client.spawn(out, "python3", script.toString(), every, String.valueOf(maxSeconds), address), out);
    }

    /** Stops the prober (SIGINT: it writes its replies and exits) and returns what it recorded. */
    Recorded stop() throws IOException, InterruptedException {
        if (prober.isAlive()) {
            new ProcessBuilder("kill", "-INT", Long.toString(prober.pid())).start().waitFor(5, TimeUnit.SECONDS);
        }
        if (!prober.waitFor(10, TimeUnit.SECONDS)) {
            prober.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new BenchException("the echo prober did not stop on SIGINT");
        }
        List<Instant> replies = new ArrayList<>();
        List<Instant> lost = new ArrayList<>();
        for (String line : Files.readAllLines(output)) {
            Matcher m = REPLY.matcher(line.strip());
            if (m.find()) {
                replies.add(instant(m));
            } else if ((m = LOST.matcher(line.strip())).find()) {
                lost.add(instant(m));
            }
        }
        return new Recorded(replies, lost);
    }

    private static Instant instant(Matcher m) {
        String micros = (m.group(2) + "000000").substring(0, 6);
        return Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(micros) * 1000);
    }
}
