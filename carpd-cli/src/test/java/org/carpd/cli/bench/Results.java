package org.carpd.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.carpd.cli.bench.DaemonProcess.Memory;

/** Everything a benchmark measured, and the Markdown table it prints. */
final class Results {
    /** A footprint case: a daemon with a number of vhids. */
    record FootprintCase(Daemon daemon, int vhids) {
        @Override
        public String toString() {
            return daemon.id + ", " + vhids + (vhids == 1 ? " vhid" : " vhids");
        }
    }

    final Map<Scenario, Map<Daemon, List<Trace>>> traces = new LinkedHashMap<>();
    final Map<FootprintCase, List<Memory>> footprints = new LinkedHashMap<>();
    final List<String> failures = new ArrayList<>();

    void add(Trace t) {
        traces.computeIfAbsent(t.scenario(), k -> new LinkedHashMap<>()).computeIfAbsent(t.daemon(), k -> new ArrayList<>()).add(t);
    }

    void add(FootprintCase c, Memory m) {
        footprints.computeIfAbsent(c, k -> new ArrayList<>()).add(m);
    }

    Stats outages(Scenario s, Daemon d) {
        List<Double> ms = new ArrayList<>();
        for (Trace t : traces.getOrDefault(s, Map.of()).getOrDefault(d, List.of())) {
            ms.add(t.outageMillis());
        }
        return new Stats(ms);
    }

    /** The run with the median outage (the lower middle one for an even count), for the picture. */
    Trace medianTrace(Scenario s, Daemon d) {
        List<Trace> all = new ArrayList<>(traces.get(s).get(d));
        all.sort((a, b) -> Double.compare(a.outageMillis(), b.outageMillis()));
        return all.get((all.size() - 1) / 2);
    }

    /** The table: outages per scenario and daemon, carpd's ratio to each peer, footprints, carpd's targets. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | daemon | runs | min ms | median ms | max ms | probes lost (max) | carpd / this (median) | probe noise ms | carpd target |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (var bySc : traces.entrySet()) {
            Scenario s = bySc.getKey();
            Stats carpd = bySc.getValue().containsKey(Daemon.CARPD) ? outages(s, Daemon.CARPD) : null;
            for (Daemon d : bySc.getValue().keySet()) {
                Stats st = outages(s, d);
                String ratio = carpd == null || d == Daemon.CARPD ? "" : ratio(carpd.median(), st.median());
                String target = d == Daemon.CARPD ? s.carpdTarget() + (s.carpdMeets(traces.get(s).get(d)) ? ": met" : ": MISSED") : "";
                long lost = traces.get(s).get(d).stream().mapToLong(Trace::lostAfterFault).max().orElse(0);
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %d | %s | %.1f | %s |\n",
                        s.id, d.id, st.count(), st.min(), st.median(), st.max(), lost, ratio, noise(s, d).median(), target));
            }
        }
        if (!footprints.isEmpty()) {
            sb.append("\n| footprint (idle, alone) | runs | RSS MB min / median / max | PSS MB min / median / max | carpd / this (median RSS, PSS) | carpd target |\n");
            sb.append("| --- | ---: | ---: | ---: | ---: | --- |\n");
            FootprintCase carpd1 = new FootprintCase(Daemon.CARPD, 1);
            for (var e : footprints.entrySet()) {
                Stats rss = mb(e.getValue(), true);
                Stats pss = mb(e.getValue(), false);
                String ratio = "";
                if (e.getKey().daemon() != Daemon.CARPD && footprints.containsKey(carpd1)) {
                    ratio = ratio(mb(footprints.get(carpd1), true).median(), rss.median()) + ", "
                            + ratio(mb(footprints.get(carpd1), false).median(), pss.median());
                }
                String target = "";
                if (e.getKey().daemon() == Daemon.CARPD) {
                    double limit = e.getKey().vhids() == 1 ? 48 : 56;
                    target = String.format(Locale.ROOT, "RSS <= %.0f MB: %s", limit, rss.max() <= limit ? "met" : "MISSED");
                }
                sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %s | %s |\n",
                        e.getKey(), rss.count(), rss.min(), rss.median(), rss.max(), pss.min(), pss.median(), pss.max(),
                        ratio, target));
            }
        }
        if (!failures.isEmpty()) {
            sb.append("\n").append(failures.size()).append(" run(s) failed and are not in the table:\n");
            failures.forEach(f -> sb.append("- ").append(f.lines().findFirst().orElse(f)).append('\n'));
        }
        return sb.toString();
    }

    /** Per run, the longest gap between replies before the fault: what the probe loses with nothing failing. */
    private Stats noise(Scenario s, Daemon d) {
        List<Double> ms = new ArrayList<>();
        traces.get(s).get(d).forEach(t -> ms.add(t.noiseMillis()));
        return new Stats(ms);
    }

    private static Stats mb(List<Memory> ms, boolean rss) {
        List<Double> out = new ArrayList<>();
        ms.forEach(m -> out.add((rss ? m.rssKb() : m.pssKb()) / 1024.0));
        return new Stats(out);
    }

    private static String ratio(double carpd, double other) {
        if (other <= 0) {
            return "n/a";
        }
        double r = carpd / other;
        return String.format(Locale.ROOT, r < 0.1 ? "%.4f" : "%.2f", r);
    }
}
