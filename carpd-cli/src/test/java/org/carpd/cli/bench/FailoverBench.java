package org.carpd.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.carpd.cli.bench.DaemonProcess.Memory;
import org.carpd.testing.lab.LabException;
import org.carpd.testing.lab.NetnsLab;

/**
 * The failover benchmark: carpd, ucarp and keepalived pairs in one namespace lab, interleaved
 * round by round (every round runs each scenario for each daemon, the daemons' order rotating),
 * then a Markdown table of min / median / max per daemon and scenario with carpd's ratio to each
 * peer, and an SVG of the median run of each case. Run as root through {@code bench/failover.sh}.
 */
public final class FailoverBench {
    /**
     * What to run.
     *
     * @param plan the scenarios in order, each with the daemons it runs
     */
    record Options(int rounds, Map<Scenario, List<Daemon>> plan, Duration idle, Path svg, Path dist) {
        static final String USAGE = "usage: [--rounds N] [--scenarios planned,unplanned,unplanned-fast,footprint]"
                + " [--daemons carpd,ucarp,keepalived] [--idle SECONDS] [--svg FILE] [--dist DIR];"
                + " a scenario may name its own daemons: unplanned:carpd+keepalived";

        static Options parse(String... args) {
            int rounds = 5;
            String scenarios = "planned,unplanned,unplanned-fast,footprint";
            List<Daemon> daemons = Arrays.asList(Daemon.values());
            Duration idle = Duration.ofSeconds(10);
            Path svg = Path.of("failover.svg");
            Path dist = Path.of(System.getProperty("carpd.dist.dir", "carpd-cli/target/carpd"));
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null || !args[i].startsWith("--")) {
                    throw new IllegalArgumentException(USAGE + "; bad: " + args[i]);
                }
                switch (args[i++]) {
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--scenarios" -> scenarios = value;
                    case "--daemons" -> daemons = Arrays.stream(value.split(",")).map(Daemon::byId).toList();
                    case "--idle" -> idle = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--svg" -> svg = Path.of(value);
                    case "--dist" -> dist = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "; " + USAGE);
                }
            }
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1");
            }
            Map<Scenario, List<Daemon>> plan = new LinkedHashMap<>();
            for (String item : scenarios.split(",")) {
                String[] parts = item.split(":", 2);
                Scenario s = Scenario.byId(parts[0]);
                List<Daemon> ds = new ArrayList<>(parts.length == 2
                        ? Arrays.stream(parts[1].split("\\+")).map(Daemon::byId).toList() : daemons);
                ds.retainAll(s.daemons);
                plan.put(s, List.copyOf(ds));
            }
            return new Options(rounds, plan, idle, svg, dist);
        }

        Set<Daemon> daemons() {
            Set<Daemon> all = EnumSet.noneOf(Daemon.class);
            plan.values().forEach(all::addAll);
            return all;
        }
    }

    private FailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("failover bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Results r = run(o, System.out);
        System.out.println();
        System.out.print(r.table());
        System.exit(r.failures.isEmpty() ? 0 : 1);
    }

    /** Runs the benchmark, printing one line per run to {@code progress}; writes the SVG if any failover was measured. */
    static Results run(Options o, PrintStream progress) throws Exception {
        NetnsLab.unavailableReason().ifPresent(reason -> {
            throw new BenchException("needs the network-namespace lab: " + reason);
        });
        BenchRuns.requireTools(List.copyOf(o.daemons()), o.dist());
        Results results = new Results();
        long began = System.nanoTime();
        try (NetnsLab lab = NetnsLab.create(2)) {
            BenchRuns runs = new BenchRuns(lab, o.dist());
            for (int round = 1; round <= o.rounds(); round++) {
                for (var e : o.plan().entrySet()) {
                    Scenario s = e.getKey();
                    List<Daemon> order = new ArrayList<>(e.getValue());
                    if (!order.isEmpty()) {
                        Collections.rotate(order, -(round - 1) % order.size());
                    }
                    for (Daemon d : order) {
                        runOne(runs, results, s, d, round, o, progress);
                    }
                }
            }
        }
        progress.printf(Locale.ROOT, "%d round(s) in %.0f s%n", o.rounds(), (System.nanoTime() - began) / 1e9);
        List<Trace> shown = new ArrayList<>();
        for (var bySc : results.traces.entrySet()) {
            for (Daemon d : bySc.getValue().keySet()) {
                shown.add(results.medianTrace(bySc.getKey(), d));
            }
        }
        if (!shown.isEmpty()) {
            if (o.svg().getParent() != null) {
                Files.createDirectories(o.svg().getParent());
            }
            Files.writeString(o.svg(), FailoverSvg.render("Failover in the namespace lab: the median of "
                    + o.rounds() + " round(s) per case", shown));
            progress.println("wrote " + o.svg());
        }
        return results;
    }

    private static void runOne(BenchRuns runs, Results results, Scenario s, Daemon d, int round, Options o,
                               PrintStream progress) throws Exception {
        String name = String.format(Locale.ROOT, "round %d %s %s", round, s.id, d.id);
        try {
            if (s == Scenario.FOOTPRINT) {
                footprint(runs, results, d, 1, o, progress, name);
                if (d == Daemon.CARPD) {
                    footprint(runs, results, d, 255, o, progress, name);
                }
            } else {
                Trace t = runs.failover(s, d, round);
                results.add(t);
                double[] split = t.outageSplitMillis();
                progress.printf(Locale.ROOT, "%s: outage %.1f ms, %d probes lost (%d replies; longest gap before the fault"
                        + " %.1f ms; h2 had the address %.1f ms after the last reply, the first reply %.1f ms later)%n",
                        name, t.outageMillis(), t.lostAfterFault(), t.replies().size(), t.noiseMillis(), split[0], split[1]);
            }
        } catch (BenchException | LabException | IOException e) {
            results.failures.add(name + ": " + e.getMessage());
            progress.println(name + ": FAILED: " + e.getMessage());
        }
    }

    private static void footprint(BenchRuns runs, Results results, Daemon d, int vhids, Options o, PrintStream progress,
                                  String name) throws Exception {
        Memory m = runs.footprint(d, vhids, o.idle());
        results.add(new Results.FootprintCase(d, vhids), m);
        progress.printf(Locale.ROOT, "%s, %d vhid(s): RSS %.1f MB, PSS %.1f MB%n", name, vhids, m.rssKb() / 1024.0,
                m.pssKb() / 1024.0);
    }
}
