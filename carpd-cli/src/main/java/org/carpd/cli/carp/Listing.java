package org.carpd.cli.carp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.carpd.core.config.UnicastPeers;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;

/** carpctl's output: ifconfig-like text, or one JSON document. */
final class Listing {
    private Listing() {
    }

    /**
     * What a listing shows besides the engine's status: {@code lladdrs}, the MAC each carp interface
     * uses and where (e.g. {@code 00:00:5e:00:01:01 (macvlan carp0)}); {@code notes} heading the
     * text (maintenance mode, {@code maintenance since ... (every vhid stays BACKUP)}, and a held
     * sync demotion); {@code maintenance}, said by each JSON interface (the document stays an
     * array); the balanced interfaces' carpnodes.
     */
    record Options(Map<String, String> lladdrs, List<String> notes, boolean maintenance, BalancedListing balanced) {
        static final Options NONE = new Options(Map.of(), List.of(), false, BalancedListing.NONE);

        Options withLladdrs(Map<String, String> lladdrs) {
            return new Options(lladdrs, notes, maintenance, balanced);
        }

        Options withNotes(List<String> notes) {
            return new Options(lladdrs, notes, maintenance, balanced);
        }

        Options withMaintenance(boolean maintenance) {
            return new Options(lladdrs, notes, maintenance, balanced);
        }

        Options withBalanced(BalancedListing balanced) {
            return new Options(lladdrs, notes, maintenance, balanced);
        }
    }

    /** {@code carp0: flags=<UP,RUNNING> carpdev eth0} and its carp, lladdr, inet and peer lines. */
    static List<String> interfaces(List<VirtualHostStatus> all, Map<String, String> failures, Options options) {
        Map<String, String> lladdrs = options.lladdrs();
        BalancedListing balanced = options.balanced();
        List<String> lines = new ArrayList<>(options.notes());
        for (VirtualHostStatus s : all) {
            List<String> flags = new ArrayList<>();
            if (s.up()) {
                flags.add("UP");
            }
            if (s.up() && s.carpdevUp()) {
                flags.add("RUNNING");
            }
            String failure = failures.get(s.name());
            if (failure != null) {
                flags.add("FAILED");
            }
            lines.add(s.name() + ": flags=<" + String.join(",", flags) + "> carpdev " + s.carpdev());
            if (failure != null) {
                lines.add("\tfailed: " + failure);
            }
            if (!balanced.lines(s, lines)) {
                lines.add("\tcarp: " + s.state() + " vhid " + s.vhid() + " advbase " + s.advbase()
                        + " advskew " + s.advskew() + " demote " + s.demote());
            }
            if (lladdrs.containsKey(s.name())) {
                lines.add("\tlladdr " + lladdrs.get(s.name()));
            }
            for (VirtualAddress a : s.addresses()) {
                lines.add("\t" + (a.ipv6() ? "inet6 " : "inet ") + a);
            }
            s.peers().addresses().forEach(p -> lines.add("\tcarppeer " + UnicastPeers.format(p)));
            if (!s.peers().isEmpty()) {
                lines.add("\tpeer-min-ttl " + s.peers().minTtl());
            }
        }
        destroyed(all, failures).forEach((name, failure) -> {
            lines.add(name + ": flags=<FAILED> destroyed");
            lines.add("\tfailed: " + failure);
        });
        return lines;
    }

    /** Failures of carp interfaces that are gone but whose addresses could not be removed from the host. */
    private static Map<String, String> destroyed(List<VirtualHostStatus> all, Map<String, String> failures) {
        Map<String, String> out = new java.util.TreeMap<>(failures);
        all.forEach(s -> out.remove(s.name()));
        return out;
    }

    /** The same as one JSON array; each interface also says whether the node is in maintenance. */
    static String interfacesJson(List<VirtualHostStatus> all, Map<String, String> failures, Options options) {
        Map<String, String> lladdrs = options.lladdrs();
        BalancedListing balanced = options.balanced();
        StringBuilder b = new StringBuilder("[");
        for (VirtualHostStatus s : all) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append("{\"name\":").append(Json.string(s.name()))
                    .append(",\"carpdev\":").append(Json.string(s.carpdev()))
                    .append(",\"state\":").append(Json.string(s.state().name()))
                    .append(",\"vhid\":").append(s.vhid())
                    .append(",\"advbase\":").append(s.advbase())
                    .append(",\"advskew\":").append(s.advskew())
                    .append(",\"demote\":").append(s.demote())
                    .append(",\"up\":").append(s.up())
                    .append(",\"carpdev_up\":").append(s.carpdevUp())
                    .append(",\"maintenance\":").append(options.maintenance())
                    .append(",\"failed\":").append(failures.containsKey(s.name())
                            ? Json.string(failures.get(s.name())) : "null")
                    .append(",\"lladdr\":").append(lladdrs.containsKey(s.name())
                            ? Json.string(lladdrs.get(s.name())) : "null")
                    .append(balanced.json(s.name()))
                    .append(",\"addresses\":[");
            for (int i = 0; i < s.addresses().size(); i++) {
                b.append(i > 0 ? "," : "").append(Json.string(s.addresses().get(i).toString()));
            }
            b.append("],\"peers\":[");
            List<java.net.InetAddress> peers = s.peers().addresses();
            for (int i = 0; i < peers.size(); i++) {
                b.append(i > 0 ? "," : "").append(Json.string(UnicastPeers.format(peers.get(i))));
            }
            b.append("],\"peer_min_ttl\":").append(s.peers().minTtl()).append('}');
        }
        destroyed(all, failures).forEach((name, failure) -> b.append(b.length() > 1 ? "," : "")
                .append("{\"name\":").append(Json.string(name)).append(",\"destroyed\":true,\"failed\":")
                .append(Json.string(failure)).append('}'));
        return b.append(']').toString();
    }

    /** {@code carpctl stats}: one block per interface, then the total. */
    static List<String> stats(Map<String, Map<Counter, Long>> perInterface, Map<Counter, Long> total, long floodDrops) {
        List<String> lines = new ArrayList<>();
        perInterface.forEach((name, counters) -> {
            lines.add(name + ":");
            counters.forEach((c, v) -> lines.add(String.format(Locale.ROOT, "\t%d %s", v, c.description())));
        });
        lines.add("total:");
        total.forEach((c, v) -> lines.add(String.format(Locale.ROOT, "\t%d %s", v, c.description())));
        lines.add(String.format(Locale.ROOT, "\t%d frames dropped unread: protocol queue full (flood)", floodDrops));
        return lines;
    }

    static String statsJson(Map<String, Map<Counter, Long>> perInterface, Map<Counter, Long> total, long floodDrops) {
        StringBuilder b = new StringBuilder("{\"interfaces\":{");
        boolean first = true;
        for (var e : perInterface.entrySet()) {
            b.append(first ? "" : ",").append(Json.string(e.getKey())).append(':').append(counters(e.getValue()));
            first = false;
        }
        return b.append("},\"total\":").append(counters(total)).append(",\"flood_drops\":").append(floodDrops)
                .append('}').toString();
    }

    private static String counters(Map<Counter, Long> counters) {
        StringBuilder b = new StringBuilder("{");
        counters.forEach((c, v) -> b.append(b.length() > 1 ? "," : "")
                .append(Json.string(c.name().toLowerCase(Locale.ROOT))).append(':').append(v));
        return b.append('}').toString();
    }
}
