package org.carpd.cli.carp;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.carpd.core.engine.BalancedStatus;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.core.wire.MacAddress;
import org.carpd.net.host.CarpHost;

/**
 * carpctl's view of load-balanced interfaces: each carpnode's state, the buckets this host serves
 * and the packets the balancing rules kept and dropped (read from the kernel's named counters).
 */
final class BalancedListing {
    static final BalancedListing NONE = new BalancedListing(Map.of(), Map.of());

    private final Map<String, BalancedStatus> status;
    private final Map<String, long[]> counters;

    BalancedListing(Map<String, BalancedStatus> status, Map<String, long[]> counters) {
        this.status = status;
        this.counters = counters;
    }

    static BalancedListing read(CarpHost host) throws ExecutionException, InterruptedException {
        List<BalancedStatus> list = host.call(CarpEngine::balancedStatus);
        if (list.isEmpty()) {
            return NONE;
        }
        Map<String, BalancedStatus> byName = new HashMap<>();
        list.forEach(b -> byName.put(b.name(), b));
        return new BalancedListing(byName, host.balancingCounters());
    }

    /** The carp lines of a balanced interface, as OpenBSD's ifconfig prints carpnodes; false if not balanced. */
    boolean lines(VirtualHostStatus s, List<String> lines) {
        BalancedStatus b = status.get(s.name());
        if (b == null) {
            return false;
        }
        lines.add("\tcarp: " + s.state() + " carpnodes " + b.balancing().nodesText() + " balancing "
                + b.balancing().mode().word() + " advbase " + s.advbase() + " demote " + s.demote());
        for (BalancedStatus.Node n : b.nodes()) {
            lines.add("\t\tstate " + n.state() + " vhid " + n.vhid() + " advskew " + n.advskew() + " bucket " + n.bucket());
        }
        long[] c = counters.get(s.name());
        lines.add("\tbalancing: mac " + MacAddress.of(b.balancing().sharedMac()) + " serving buckets "
                + (b.owned().isEmpty() ? "none" : b.owned().stream().map(String::valueOf).collect(Collectors.joining(",")))
                + " of " + b.nodes().size() + (c == null ? ", no rules installed"
                : String.format(Locale.ROOT, ", packets kept %d dropped %d", c[0], c[1])));
        return true;
    }

    /** {@code ,"balancing":{...}} for a balanced interface, else an empty string. */
    String json(String name) {
        BalancedStatus b = status.get(name);
        if (b == null) {
            return "";
        }
        StringBuilder j = new StringBuilder(",\"balancing\":{\"mode\":").append(Json.string(b.balancing().mode().word()))
                .append(",\"mac\":").append(Json.string(MacAddress.of(b.balancing().sharedMac()).toString()))
                .append(",\"carpnodes\":[");
        for (BalancedStatus.Node n : b.nodes()) {
            j.append(n.bucket() > 0 ? "," : "").append("{\"vhid\":").append(n.vhid()).append(",\"advskew\":")
                    .append(n.advskew()).append(",\"state\":").append(Json.string(n.state().name()))
                    .append(",\"bucket\":").append(n.bucket()).append('}');
        }
        j.append("],\"buckets\":").append(b.nodes().size()).append(",\"serving\":")
                .append(b.owned().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
        long[] c = counters.get(name);
        j.append(",\"kept\":").append(c == null ? "null" : c[0]).append(",\"dropped\":").append(c == null ? "null" : c[1]);
        return j.append('}').toString();
    }
}
