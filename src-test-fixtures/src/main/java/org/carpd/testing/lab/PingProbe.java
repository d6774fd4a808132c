package org.carpd.testing.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client probe: {@code ping -D -i INTERVAL -w SECONDS ADDRESS} in a lab namespace, in the
 * background. The outage is the longest time between two consecutive replies (from the reply
 * timestamps {@code -D} prints), minus one interval: what a client talking to the address lost.
 */
public final class PingProbe {
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+)\\.(\\d+)\\] \\d+ bytes from .*icmp_seq=(\\d+)");

    /**
     * What ping saw.
     *
     * @param replies reply times in order
     * @param interval the probe interval
     * @param output ping's whole output, for failure messages
     */
    public record Result(List<Instant> replies, Duration interval, String output) {
        public Result {
            replies = List.copyOf(replies);
        }

        /** Longest gap between consecutive replies, minus one interval (zero if none was lost). */
        public Duration outage() {
            Duration longest = Duration.ZERO;
            for (int i = 1; i < replies.size(); i++) {
                Duration gap = Duration.between(replies.get(i - 1), replies.get(i)).minus(interval);
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                }
            }
            return longest;
        }

        /**
         * Probes sent between the first and the last reply that got no reply (ping's icmp_seq;
         * a gap in the sequence is a lost probe, however late the replies around it came).
         */
        public int lost() {
            java.util.TreeSet<Integer> seqs = new java.util.TreeSet<>();
            for (String line : output.split("\n")) {
                Matcher m = REPLY.matcher(line.strip());
                if (m.find()) {
                    seqs.add(Integer.parseInt(m.group(3)));
                }
            }
            return seqs.isEmpty() ? 0 : seqs.last() - seqs.first() + 1 - seqs.size();
        }

        /** Where the longest gap started (the last reply before it), or null. */
        public Instant outageStart() {
            Instant at = null;
            Duration longest = Duration.ZERO;
            for (int i = 1; i < replies.size(); i++) {
                Duration gap = Duration.between(replies.get(i - 1), replies.get(i));
                if (gap.compareTo(longest) > 0) {
                    longest = gap;
                    at = replies.get(i - 1);
                }
            }
            return at;
        }
    }

    private final CompletableFuture<Result> running;

    private PingProbe(CompletableFuture<Result> running) {
        this.running = running;
    }

    /** Starts pinging {@code address} from {@code from} every {@code interval} for {@code length}. */
    public static PingProbe start(LabHost from, String address, Duration interval, Duration length) {
        String seconds = String.valueOf(Math.max(1, length.toSeconds()));
        String every = String.format(java.util.Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
        return new PingProbe(CompletableFuture.supplyAsync(() -> {
            ExecResult r = from.exec(length.plusSeconds(10), "ping", "-n", "-D", "-i", every, "-w", seconds, address);
            return parse(r.output(), interval);
        }));
    }

    /** Waits for ping to finish. */
    public Result result() throws Exception {
        return running.get(5, TimeUnit.MINUTES);
    }

    static Result parse(String output, Duration interval) {
        List<Instant> replies = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = REPLY.matcher(line.strip());
            if (m.find()) {
                String frac = (m.group(2) + "000000").substring(0, 6);
                replies.add(Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(frac) * 1000));
            }
        }
        return new Result(replies, interval, output);
    }
}
