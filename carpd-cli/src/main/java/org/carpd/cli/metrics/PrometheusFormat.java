package org.carpd.cli.metrics;

import java.util.Locale;
import java.util.Map;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;

/**
 * Renders a {@link MetricsSnapshot} in the Prometheus text exposition format 0.0.4:
 * <pre>
 * carpd_vhid_state{interface,vhid,carpdev}    0 INIT, 1 BACKUP, 2 MASTER
 * carpd_vhid_demote{interface,vhid,carpdev}   the demote value the vhid advertises
 * carpd_&lt;counter&gt;_total{interface}            every {@link Counter}, per carp interface
 *                                             (carpd_transitions_total is the state transitions)
 * carpd_host_&lt;counter&gt;_total                   the same over the whole daemon, including
 *                                             frames no carp interface claimed (bad vhid, ...)
 * carpd_group_demote{group}                   each group's carpdemote counter
 * carpd_host_flood_drops_total                 frames dropped unread: the protocol queue was full
 * </pre>
 * The host totals are separate families so that {@code sum(carpd_bad_auth_total)} does not count
 * twice.
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
        for (Counter c : Counter.values()) {
            String name = "carpd_" + c.name().toLowerCase(Locale.ROOT) + "_total";
            family(out, name, "counter", c.description() + ", per carp interface");
            for (VirtualHostStatus v : s.vhids()) {
                Map<Counter, Long> counters = s.counters().get(v.name());
                sample(out, name, "interface=\"" + escape(v.name()) + "\"", counters == null ? 0 : counters.getOrDefault(c, 0L));
            }
        }
        for (Counter c : Counter.values()) {
            String name = "carpd_host_" + c.name().toLowerCase(Locale.ROOT) + "_total";
            family(out, name, "counter", c.description() + ", whole daemon");
            sample(out, name, null, s.total().getOrDefault(c, 0L));
        }
        family(out, "carpd_group_demote", "gauge", "carpdemote counter of the interface group");
        s.groups().forEach((group, value) -> sample(out, "carpd_group_demote", "group=\"" + escape(group) + "\"", value));
        family(out, "carpd_host_flood_drops_total", "counter", "frames dropped unread because the protocol queue was full");
        sample(out, "carpd_host_flood_drops_total", null, s.floodDrops());
        return out.toString();
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
