package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.cli.testing.CommandRun;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;

/**
 * Two subnets joined by a router, built on a {@link NetnsLab} of three hosts, with multicast
 * CARP dropped in the switch (both bridges). Every link added here lives only in the lab's
 * namespaces, so closing the lab removes it.
 *
 * <pre>
 *   subnet A, br0: h1 198.18.0.1 2001:db8::1, client 198.18.0.100, router h3 eth0 198.18.0.3 2001:db8::3
 *   subnet B, br1: h2 198.18.1.2 2001:db8:1::2,                     router h3 eth1 198.18.1.3 2001:db8:1::3
 * </pre>
 *
 * The router forwards both families (so a CARP packet from h1 reaches h2 with TTL / hop limit 254)
 * and counts the IP protocol 112 packets it forwards.
 */
final class RoutedPeersLab {
    static final String H1 = "198.18.0.1";
    static final String H2 = "198.18.1.2";
    static final String H1_6 = "2001:db8::1";
    static final String H2_6 = "2001:db8:1::2";

    private static final Pattern PACKETS = Pattern.compile("counter packets (\\d+)");

    private final NetnsLab lab;

    RoutedPeersLab(NetnsLab lab) {
        this.lab = lab;
    }

    LabHost router() {
        return lab.host(3);
    }

    private static String run(String... cmd) throws Exception {
        CommandRun r = CommandRun.run(Map.of(), cmd);
        if (r.status() != 0) {
            fail(String.join(" ", cmd) + " failed: " + r.out() + r.err());
        }
        return r.out();
    }

    private static void ip(String netns, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    private static void nft(String netns, String ruleset) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("carpdlab-nft", ".conf");
        try {
            java.nio.file.Files.writeString(file, ruleset);
            run("ip", "netns", "exec", netns, "nft", "-f", file.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    void build() throws Exception {
        String sw = lab.switchNetns();
        LabHost h2 = lab.host(2);
        LabHost r = router();
        ip(sw, "link", "add", "br1", "type", "bridge", "mcast_snooping", "0");
        ip(sw, "link", "set", "br1", "up");
        ip(sw, "link", "set", h2.switchPort(), "nomaster");
        ip(sw, "link", "set", h2.switchPort(), "master", "br1", "up");
        ip(h2.netns(), "addr", "flush", "dev", "eth0", "scope", "global");
        ip(h2.netns(), "addr", "add", H2 + "/24", "dev", "eth0");
        ip(h2.netns(), "addr", "add", H2_6 + "/64", "dev", "eth0", "nodad");
        ip(sw, "link", "add", "r1", "type", "veth", "peer", "name", "eth1", "netns", r.netns());
        ip(sw, "link", "set", "r1", "master", "br1", "up");
        run("ip", "netns", "exec", r.netns(), "sysctl", "-q", "-w", "net.ipv6.conf.eth1.accept_dad=0",
                "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
        ip(r.netns(), "addr", "add", "198.18.1.3/24", "dev", "eth1");
        ip(r.netns(), "addr", "add", "2001:db8:1::3/64", "dev", "eth1", "nodad");
        ip(r.netns(), "link", "set", "eth1", "up");
        for (LabHost h : List.of(lab.host(1), lab.client())) {
            ip(h.netns(), "route", "add", "default", "via", "198.18.0.3");
            ip(h.netns(), "-6", "route", "add", "default", "via", "2001:db8::3");
        }
        ip(h2.netns(), "route", "add", "default", "via", "198.18.1.3");
        ip(h2.netns(), "-6", "route", "add", "default", "via", "2001:db8:1::3");
        // No multicast CARP anywhere: the switch drops it on both bridges (before any host sees it).
        nft(sw, """
                table bridge carpdlab {
                  chain forward {
                    type filter hook forward priority 0; policy accept;
                    ip daddr 224.0.0.18 counter drop
                    ip6 daddr ff02::12 counter drop
                  }
                }
                """);
        nft(r.netns(), """
                table inet carpdlab {
                  chain forward {
                    type filter hook forward priority 0; policy accept;
                    meta nfproto ipv4 meta l4proto 112 counter accept
                    meta nfproto ipv6 meta l4proto 112 counter accept
                  }
                }
                """);
        // both subnets reach each other through the router
        lab.host(1).exec("ping", "-c1", "-W2", H2).requireSuccess();
        lab.host(1).exec("ping", "-c1", "-W2", H2_6).requireSuccess();
    }

    /** Packets the switch dropped as multicast CARP: [IPv4, IPv6]. */
    long[] multicastDropped() throws Exception {
        return counters(lab.switchNetns(), "bridge");
    }

    /** CARP packets the router forwarded: [IPv4, IPv6]. */
    long[] carpForwarded() throws Exception {
        return counters(router().netns(), "inet");
    }

    private static long[] counters(String netns, String family) throws Exception {
        String out = run("ip", "netns", "exec", netns, "nft", "list", "table", family, "carpdlab");
        Matcher m = PACKETS.matcher(out);
        long[] v = new long[2];
        for (int i = 0; i < 2 && m.find(); i++) {
            v[i] = Long.parseLong(m.group(1));
        }
        return v;
    }
}
