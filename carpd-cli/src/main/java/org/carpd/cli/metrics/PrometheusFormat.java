package org.carpd.cli.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carpd.cli.track.TrackerStatus;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.core.wire.DropReason;

/**
 * Renders a {@link MetricsSnapshot} in the Prometheus text exposition format 0.0.4:
 * <pre>
 * carpd_vhid_state{interface,vhid,carpdev}       0 INIT, 1 BACKUP, 2 MASTER
 * carpd_vhid_demote{interface,vhid,carpdev}      the demote value the vhid advertises
 * carpd_received_total{interface,family}         CARP packets received, family ipv4 or ipv6
 * carpd_sent_total{interface,family}             advertisements sent
 * carpd_dropped_total{interface,reason}          discarded, reason bad_ttl, bad_auth, replay, ...
 * carpd_&lt;counter&gt;_total{interface}               any other {@link Counter} (send_failures, transitions)
 * carpd_host_...                                 each of the four above over the whole daemon, without
 *                                                the interface label, including frames no carp
 *                                                interface claimed (reason bad_vhid, ...)
 * carpd_group_demote{group}                      each group's demotion (carpdemote counter plus trackers' shares)
 * carpd_host_flood_drops_total                    frames dropped unread: the protocol queue was full
 * carpd_tracker_state{tracker,kind}              0 UNKNOWN (no result yet), 1 OK, 2 FAILED
 * carpd_tracker_demotion{tracker,group}          the demotion the tracker holds on the group now
 * carpd_tracker_checks_total{tracker}            results so far (runs, readings, link events)
 * carpd_tracker_failures_total{tracker}          failed results so far
 * carpd_maintenance                              1 while the node is in maintenance mode, else 0
 * </pre>
 * Following Prometheus naming, a counter's variants (address family, drop reason) are labels of
 * one metric. The host totals are separate metrics so that {@code sum(carpd_dropped_total)} does
 * not count twice.
 */
public final class PrometheusFormat {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusFormat() {
    }

    public static String render(MetricsSnapshot s) {
        StringBuilder out = new StringBuilder();
        family(out, "carpd_vhid_state", "gauge", "CARP state of the vhid: 0 INIT, 1 BACKUP, 2 MASTER");
        for (VirtualHostStatus v : s.vhids()) {
            sample(out, "carpd_vhid_state", vhidLabels(v), stateValue(v.state()));
        }
        family(out, "carpd_vhid_demote", "gauge", "demote value the vhid advertises (sum of its groups)");
        for (VirtualHostStatus v : s.vhids()) {
            sample(out, "carpd_vhid_demote", vhidLabels(v), v.demote());
        }
        Map<String, List<Variant>> metrics = metrics();
        metrics.forEach((metric, variants) -> {
            String name = "carpd_" + metric + "_total";
            family(out, name, "counter", help(metric, variants) + ", per carp interface");
            for (VirtualHostStatus v : s.vhids()) {
                Map<Counter, Long> counters = s.counters().get(v.name());
                String labels = "interface=\"" + escape(v.name()) + "\"";
                for (Variant x : variants) {
                    sample(out, name, x.label() == null ? labels : labels + "," + x.label(),
                            counters == null ? 0 : counters.getOrDefault(x.counter(), 0L));
                }
            }
        });
        metrics.forEach((metric, variants) -> {
            String name = "carpd_host_" + metric + "_total";
            family(out, name, "counter", help(metric, variants) + ", whole daemon");
            for (Variant x : variants) {
                sample(out, name, x.label(), s.total().getOrDefault(x.counter(), 0L));
            }
        });
        family(out, "carpd_group_demote", "gauge", "demotion of the interface group: carpdemote counter plus trackers' shares");
        s.groups().forEach((group, value) -> sample(out, "carpd_group_demote", "group=\"" + escape(group) + "\"", value));
        family(out, "carpd_host_flood_drops_total", "counter", "frames dropped unread because the protocol queue was full");
        sample(out, "carpd_host_flood_drops_total", null, s.floodDrops());
        trackers(out, s.trackers());
        family(out, "carpd_maintenance", "gauge", "1 while the node is in maintenance mode (every vhid stays BACKUP)");
        sample(out, "carpd_maintenance", null, s.maintenance() ? 1 : 0);
        return out.toString();
    }

    private static void trackers(StringBuilder out, List<TrackerStatus> all) {
        if (all.isEmpty()) {
            return;
        }
        family(out, "carpd_tracker_state", "gauge", "health tracker: 0 UNKNOWN (no result yet), 1 OK, 2 FAILED");
        all.forEach(t -> sample(out, "carpd_tracker_state", "tracker=\"" + escape(t.name()) + "\",kind=\""
                + t.kind() + "\"", t.state().ordinal()));
        family(out, "carpd_tracker_demotion", "gauge", "demotion the tracker holds on the group (0 while it passes)");
        all.forEach(t -> new java.util.TreeMap<>(t.demote()).keySet().forEach(g -> sample(out, "carpd_tracker_demotion",
                "tracker=\"" + escape(t.name()) + "\",group=\"" + escape(g) + "\"", t.held().getOrDefault(g, 0))));
        family(out, "carpd_tracker_checks_total", "counter", "health tracker results so far");
        all.forEach(t -> sample(out, "carpd_tracker_checks_total", "tracker=\"" + escape(t.name()) + "\"", t.checks()));
        family(out, "carpd_tracker_failures_total", "counter", "failed health tracker results so far");
        all.forEach(t -> sample(out, "carpd_tracker_failures_total", "tracker=\"" + escape(t.name()) + "\"",
                t.failures()));
    }

    /** One {@link Counter} as a sample of a metric: its label (e.g. {@code family="ipv4"}), or null. */
    private record Variant(Counter counter, String label) {
    }

    /**
     * The counters grouped into metrics, in {@link Counter} order: IPV4_X and IPV6_X become metric
     * x with a family label, the counters of a {@link DropReason} become "dropped" with a reason
     * label, any other counter is a metric of its own.
     */
    static Map<String, List<Variant>> metrics() {
        Map<String, List<Variant>> metrics = new LinkedHashMap<>();
        for (Counter c : Counter.values()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            String metric = name;
            String label = null;
            if (name.startsWith("ipv4_") || name.startsWith("ipv6_")) {
                metric = name.substring(5);
                label = "family=\"" + name.substring(0, 4) + "\"";
            } else if (Arrays.stream(DropReason.values()).anyMatch(r -> Counter.of(r) == c)) {
                metric = "dropped";
                label = "reason=\"" + name + "\"";
            }
            metrics.computeIfAbsent(metric, k -> new ArrayList<>()).add(new Variant(c, label));
        }
        return metrics;
    }

    private static String help(String metric, List<Variant> variants) {
        return switch (metric) {
            case "received" -> "CARP packets received, by address family";
            case "sent" -> "CARP advertisements sent, by address family";
            case "dropped" -> "received CARP packets discarded, by reason";
            default -> variants.get(0).counter().description();
        };
    }

    static int stateValue(CarpState state) {
        return switch (state) {
            case INIT -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
        };
    }

    private static String vhidLabels(VirtualHostStatus v) {
        return "interface=\"" + escape(v.name()) + "\",vhid=\"" + v.vhid() + "\",carpdev=\"" + escape(v.carpdev()) + "\"";
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, long value) {
        out.append(name);
        if (labels != null) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /** Label values escape backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
