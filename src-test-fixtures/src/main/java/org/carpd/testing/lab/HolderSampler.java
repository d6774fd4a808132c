package org.carpd.testing.lab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records, every {@code period} (250 ms by default), which lab hosts hold each virtual address on
 * any of their interfaces (eth0, or the carp interface's macvlan with {@code lladdr virtual}) and which host the client's neighbour entry for it points to. One {@code sh -c} with
 * {@code ip -n NS -o addr} per host and {@code ip -n CLIENT neigh} per tick, so a tick costs a
 * few milliseconds. {@link #stop()} (or {@link #timeline()} at any time) gives the samples as a
 * {@link HolderTimeline} for assertions over time.
 *
 * <pre>{@code
 * try (HolderSampler s = HolderSampler.start(lab, lab.hosts(), List.of("198.18.0.10"))) {
 *     ... faults ...
 *     s.timeline().assertNeverTwoHoldersLongerThan("198.18.0.10", Duration.ofMillis(1300));
 * }
 * }</pre>
 */
public final class HolderSampler implements AutoCloseable {
    /** The sampling period the issues ask for. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(250);
    private static final String MARK = "@@carpdlab ";

    private final NetnsLab lab;
    private final List<LabHost> hosts;
    private final List<String> addresses;
    private final Duration period;
    private final List<HolderTimeline.Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final String script;
    private volatile String lastError = "";

    private HolderSampler(NetnsLab lab, List<LabHost> hosts, List<String> addresses, Duration period) {
        this.lab = lab;
        this.hosts = List.copyOf(hosts);
        this.addresses = addresses.stream().map(HolderSampler::canonical).toList();
        this.period = period;
        StringBuilder sh = new StringBuilder();
        for (LabHost h : this.hosts) {
            sh.append("echo '").append(MARK).append(h.name()).append("'; ip -n ").append(h.netns())
                    .append(" -o addr show; ");
        }
        sh.append("echo '").append(MARK).append("neigh'; ip -n ").append(lab.client().netns()).append(" neigh show");
        this.script = sh.toString();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holder-sampler-" + lab.prefix());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts sampling {@code addresses} on {@code hosts} every 250 ms. */
    public static HolderSampler start(NetnsLab lab, List<LabHost> hosts, List<String> addresses) {
        return start(lab, hosts, addresses, DEFAULT_PERIOD);
    }

    /** Starts sampling {@code addresses} (IPv4 or IPv6 literals) on {@code hosts} every {@code period}. */
    public static HolderSampler start(NetnsLab lab, List<LabHost> hosts, List<String> addresses, Duration period) {
        HolderSampler s = new HolderSampler(lab, hosts, addresses, period);
        s.timer.scheduleAtFixedRate(s::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** Takes one sample now, on the calling thread (also what the timer does). */
    public HolderTimeline.Sample sampleNow() {
        Instant at = Instant.now();
        ExecResult r = Commands.run(Duration.ofSeconds(5), List.of("sh", "-c", script));
        return parse(at, r.output(), addresses, hosts);
    }

    private void tick() {
        try {
            HolderTimeline.Sample s = sampleNow();
            synchronized (samples) {
                samples.add(s);
            }
        } catch (RuntimeException e) {
            lastError = e.toString(); // e.g. the lab closed under us; the timeline keeps what it has
        }
    }

    /** The samples so far. */
    public HolderTimeline timeline() {
        synchronized (samples) {
            return new HolderTimeline(samples, period);
        }
    }

    /** Stops sampling and returns every sample taken. */
    public HolderTimeline stop() {
        timer.shutdown(); // a tick in progress finishes (and is kept); no new ones start
        try {
            if (!timer.awaitTermination(6, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return timeline();
    }

    /** The last error of a tick, or empty; a sampler that cannot run shows it here. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        stop();
    }

    /** Parses one tick's output: sections introduced by {@link #MARK} lines. */
    static HolderTimeline.Sample parse(Instant at, String output, List<String> addresses, List<LabHost> hosts) {
        Map<String, Set<String>> holders = new LinkedHashMap<>();
        Map<String, String> neighbour = new LinkedHashMap<>();
        for (String a : addresses) {
            holders.put(a, new TreeSet<>());
            neighbour.put(a, "");
        }
        String section = null;
        for (String line : output.split("\n")) {
            if (line.startsWith(MARK)) {
                section = line.substring(MARK.length()).strip();
                continue;
            }
            if (section == null) {
                continue;
            }
            String[] w = line.strip().split("\\s+");
            if (section.equals("neigh")) {
                parseNeighbour(w, neighbour, hosts);
            } else {
                for (int i = 0; i + 1 < w.length; i++) {
                    if (w[i].equals("inet") || w[i].equals("inet6")) {
                        String addr = canonical(w[i + 1].split("/")[0]);
                        Set<String> set = holders.get(addr);
                        if (set != null) {
                            set.add(section);
                        }
                    }
                }
            }
        }
        return new HolderTimeline.Sample(at, holders, neighbour);
    }

    /** {@code ADDR dev eth0 lladdr MAC STATE}: the host whose MAC it is, or the MAC, or "" if none. */
    private static void parseNeighbour(String[] w, Map<String, String> neighbour, List<LabHost> hosts) {
        if (w.length < 1 || w[0].isEmpty()) {
            return;
        }
        String addr = canonical(w[0]);
        if (!neighbour.containsKey(addr)) {
            return;
        }
        String state = w[w.length - 1];
        for (int i = 0; i + 1 < w.length; i++) {
            if (w[i].equals("lladdr") && !state.equals("FAILED") && !state.equals("INCOMPLETE")) {
                String mac = w[i + 1].toLowerCase();
                String who = mac;
                for (LabHost h : hosts) {
                    if (h.mac().toString().equalsIgnoreCase(mac)) {
                        who = h.name();
                    }
                }
                neighbour.put(addr, who);
            }
        }
    }

    static String canonical(String literal) {
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            return literal; // not an address (never resolve names)
        }
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
