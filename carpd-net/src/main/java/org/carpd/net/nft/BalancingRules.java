package org.carpd.net.nft;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The nftables ruleset of load balancing, as text for {@link Nftables#run}: one table
 * {@code inet carpd_balance} that carpd owns (replaced whole, removed on stop), and an
 * {@code arp carpd_balance} table that keeps the kernel from answering ARP for balanced addresses.
 *
 * <p>Per balanced carp interface, frames sent to its shared MAC are kept only when their bucket is
 * one this host serves, and are then marked as addressed to this host (they arrive as multicast,
 * which TCP and forwarding would drop). The bucket is {@code jhash(original source . original
 * destination) mod buckets} with seed 0 taken from the connection's original direction, so both
 * directions of a connection fall in one bucket, and every member computes the same bucket (the
 * kernel's symmetric flow hash is seeded per boot, so members would disagree). The chain runs at
 * priority -150, after connection tracking (-200) and before any socket or the forwarding path.
 * Neighbour solicitations for balanced IPv6 addresses are dropped (in {@code ip6 carpd_balance}):
 * carpd answers ARP and ND for them itself, with the shared MAC (its capture sees them first).
 * The inet table is owned by carpd's netlink socket (the kernel removes it when carpd dies); the
 * ARP and ND tables are not, so that a crashed member's kernel still never answers for the
 * balanced addresses with its own MAC.
 */
public final class BalancingRules {
    public static final String TABLE = "carpd_balance";
    private final Map<String, String> setNames = new HashMap<>();

    /** The whole ruleset for these interfaces: removes any previous one in the same batch. */
    public String ruleset(List<BalancedInterface> interfaces) {
        return ruleset(interfaces, Map.of());
    }

    /**
     * As {@link #ruleset(List)}, and the host's own neighbour solicitations that Linux would send
     * from a balanced IPv6 address (it takes the source of the packet waiting for the answer) leave
     * from the carpdev's link-local address in {@code linkLocal} instead: a neighbour that hears an
     * NS from the balanced address with this member's own MAC in its source link-layer option
     * would point the balanced address at this one member.
     */
    public String ruleset(List<BalancedInterface> interfaces, Map<String, Inet6Address> linkLocal) {
        List<BalancedInterface> sorted = new ArrayList<>(interfaces);
        sorted.sort(Comparator.comparing(BalancedInterface::name));
        setNames.clear();
        StringBuilder b = new StringBuilder();
        b.append("add table inet ").append(TABLE).append(" { flags owner; }\n");
        b.append("delete table inet ").append(TABLE).append('\n');
        b.append("add table arp ").append(TABLE).append('\n');
        b.append("delete table arp ").append(TABLE).append('\n');
        b.append("add table ip6 ").append(TABLE).append('\n');
        b.append("delete table ip6 ").append(TABLE).append('\n');
        b.append("add table netdev ").append(TABLE).append(" { flags owner; }\n");
        b.append("delete table netdev ").append(TABLE).append('\n');
        if (sorted.isEmpty()) {
            return b.toString();
        }
        unicastIngress(b, sorted);
        // Owned by carpd's netlink socket: if carpd dies, the kernel removes this table, and the
        // host stops taking the shared MAC's traffic (the other members take its carpnodes over).
        b.append("table inet ").append(TABLE).append(" {\n  flags owner\n");
        for (int i = 0; i < sorted.size(); i++) {
            BalancedInterface bi = sorted.get(i);
            String set = "owned" + i;
            setNames.put(bi.name(), set);
            b.append("  set ").append(set).append(" { typeof symhash mod 255; ").append(elements(bi)).append("}\n");
            b.append("  counter ").append(set).append("_kept { }\n");
            b.append("  counter ").append(set).append("_dropped { }\n");
        }
        b.append("  chain prerouting {\n    type filter hook prerouting priority -150; policy accept;\n");
        for (BalancedInterface bi : sorted) {
            String set = setNames.get(bi.name());
            String match = "iifname " + quote(bi.carpdev()) + " ether daddr " + bi.mac();
            String bucket = " jhash ct original %s saddr . ct original %s daddr mod " + bi.buckets() + " seed 0x0";
            b.append("    ").append(match).append(" meta nfproto ipv4").append(bucket.formatted("ip", "ip"))
                    .append(" != @").append(set).append(" counter name ").append(set).append("_dropped drop\n");
            b.append("    ").append(match).append(" meta nfproto ipv6").append(bucket.formatted("ip6", "ip6"))
                    .append(" != @").append(set).append(" counter name ").append(set).append("_dropped drop\n");
            b.append("    ").append(match).append(" counter name ").append(set).append("_kept meta pkttype set host\n");
        }
        b.append("  }\n");
        b.append("  chain output {\n    type filter hook output priority -150; policy accept;\n");
        for (BalancedInterface bi : sorted) {
            Inet6Address ll = linkLocal.get(bi.carpdev());
            List<String> v6 = bi.addresses().stream().filter(a -> a instanceof Inet6Address)
                    .map(InetAddress::getHostAddress).toList();
            if (ll != null && !v6.isEmpty()) {
                b.append("    oifname ").append(quote(bi.carpdev())).append(" ip6 saddr { ").append(String.join(", ", v6))
                        .append(" } icmpv6 type nd-neighbor-solicit ip6 saddr set ")
                        .append(ll.getHostAddress().replaceAll("%.*", "")).append('\n');
            }
        }
        b.append("  }\n}\n");
        // Not owned, so that they outlive a crashed carpd: the kernel must never answer ARP or ND
        // for a balanced address with its own MAC (the next carpd removes them at start).
        b.append("table ip6 ").append(TABLE).append(" {\n  chain prerouting {\n    type filter hook prerouting priority -150;"
                + " policy accept;\n");
        for (BalancedInterface bi : sorted) {
            for (InetAddress a : bi.addresses()) {
                if (a instanceof Inet6Address) {
                    b.append("    iifname ").append(quote(bi.carpdev()))
                            .append(" icmpv6 type nd-neighbor-solicit @th,64,128 ").append(hex128(a)).append(" drop\n");
                }
            }
        }
        b.append("  }\n}\n");
        b.append("table arp ").append(TABLE).append(" {\n  chain input {\n    type filter hook input priority 0; policy accept;\n");
        for (BalancedInterface bi : sorted) {
            List<String> v4 = bi.addresses().stream().filter(a -> a instanceof Inet4Address)
                    .map(InetAddress::getHostAddress).toList();
            if (!v4.isEmpty()) {
                b.append("    iifname ").append(quote(bi.carpdev())).append(" arp operation request arp daddr ip { ")
                        .append(String.join(", ", v4)).append(" } drop\n");
            }
        }
        b.append("  }\n}\n");
        return b.toString();
    }

    /**
     * A frame to a unicast MAC that is not the interface's own arrives as "other host", which IPv4
     * and IPv6 drop before the prerouting hook: for {@code ip-unicast} and {@code ip-stealth} an
     * ingress chain on the carpdev marks frames to the shared MAC as addressed to this host first
     * (prerouting then keeps or drops them by bucket). Owned like the inet table.
     */
    private static void unicastIngress(StringBuilder b, List<BalancedInterface> sorted) {
        Map<String, List<String>> macsByCarpdev = new java.util.TreeMap<>();
        for (BalancedInterface bi : sorted) {
            if ((bi.mac().toByteArray()[0] & 1) == 0) {
                macsByCarpdev.computeIfAbsent(bi.carpdev(), k -> new ArrayList<>()).add(bi.mac().toString());
            }
        }
        if (macsByCarpdev.isEmpty()) {
            return;
        }
        b.append("table netdev ").append(TABLE).append(" {\n  flags owner\n");
        int i = 0;
        for (Map.Entry<String, List<String>> e : macsByCarpdev.entrySet()) {
            b.append("  chain ingress").append(i++).append(" {\n    type filter hook ingress device ")
                    .append(quote(e.getKey())).append(" priority -500; policy accept;\n")
                    .append("    ether daddr { ").append(String.join(", ", e.getValue()))
                    .append(" } meta pkttype set host\n  }\n");
        }
        b.append("}\n");
    }

    /** An atomic change of the buckets one interface serves (after {@link #ruleset} included it). */
    public String ownedUpdate(BalancedInterface bi) {
        String set = setNames.get(bi.name());
        if (set == null) {
            throw new IllegalArgumentException(bi.name() + " is not in the ruleset");
        }
        String add = bi.owned().isEmpty() ? ""
                : "add element inet " + TABLE + " " + set + " { " + join(bi) + " }\n";
        return "flush set inet " + TABLE + " " + set + "\n" + add;
    }

    /** The commands that remove everything carpd installed (idempotent). */
    public static String removal() {
        // "add" must name the owner flag: the kernel refuses to change it on an existing table.
        return "add table inet " + TABLE + " { flags owner; }\ndelete table inet " + TABLE + "\n"
                + "add table arp " + TABLE + "\ndelete table arp " + TABLE + "\n"
                + "add table ip6 " + TABLE + "\ndelete table ip6 " + TABLE + "\n"
                + "add table netdev " + TABLE + " { flags owner; }\ndelete table netdev " + TABLE + "\n";
    }

    /** The counter object names of an interface: {@code [kept, dropped]}. */
    public String[] counterNames(String carpInterface) {
        String set = setNames.get(carpInterface);
        return set == null ? null : new String[] {set + "_kept", set + "_dropped"};
    }

    private static String elements(BalancedInterface bi) {
        return bi.owned().isEmpty() ? "" : "elements = { " + join(bi) + " }; ";
    }

    private static String join(BalancedInterface bi) {
        return bi.owned().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String hex128(InetAddress v6) {
        StringBuilder s = new StringBuilder("0x");
        for (byte x : v6.getAddress()) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }

    // Interface names are validated (letters, digits, _ . -), so quoting never needs escapes.
    private static String quote(String device) {
        return "\"" + device + "\"";
    }
}
