package org.carpd.net.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.carpd.core.wire.MacAddress;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernel half of {@code balancing ip}: three members hold one virtual address, each with the
 * ruleset for the bucket it serves; a client whose neighbour entry points at the shared multicast
 * MAC connects from 60 source addresses (over IPv4 and IPv6). Every connection is answered
 * exactly once, by the member serving its bucket; moving a bucket moves only its sources.
 */
class BalancingRulesNamespaceTest {
    private static final MacAddress SHARED = MacAddress.parse("01:00:5e:00:01:01");
    private static final String VIP4 = "198.18.0.200";
    private static final String VIP6 = "2001:db8::200";
    private static final int PORT = 8080;
    private static final int SOURCES = 60;
    private static NetnsLab lab;
    private static final List<Nftables> nft = new ArrayList<>();
    private static final List<BalancingRules> rules = new ArrayList<>();
    private static final List<ServerSocket> servers = new ArrayList<>();

    @BeforeAll
    static void build() throws Exception {
        NetnsLab.assumeAvailable();
        assumeTrue(Nftables.available(), "libnftables1 is not installed");
        lab = NetnsLab.create(3);
        for (int i = 1; i <= 3; i++) {
            LabHost h = lab.host(i);
            h.exec("ip", "addr", "add", VIP4 + "/24", "dev", "eth0").requireSuccess();
            h.exec("ip", "addr", "add", VIP6 + "/64", "dev", "eth0", "nodad").requireSuccess();
            String name = h.name();
            for (String vip : List.of(VIP4, VIP6)) {
                ServerSocket s = h.runInNamespace(() -> new ServerSocket(PORT, 128, InetAddress.getByName(vip)));
                servers.add(s);
                Thread t = new Thread(() -> serve(s, name), "bal-server-" + name);
                t.setDaemon(true);
                t.start();
            }
            nft.add(h.runInNamespace(Nftables::open));
            rules.add(new BalancingRules());
            apply(i - 1, Set.of(i - 1));
        }
        LabHost c = lab.client();
        for (int j = 0; j < SOURCES; j++) {
            c.exec("ip", "addr", "add", "198.18.0." + (101 + j) + "/24", "dev", "eth0").requireSuccess();
            c.exec("ip", "addr", "add", "2001:db8::1:" + (101 + j) + "/64", "dev", "eth0", "nodad").requireSuccess();
        }
        // What carpd's ARP and ND answers will give the neighbours.
        c.exec("ip", "neigh", "replace", VIP4, "lladdr", SHARED.toString(), "dev", "eth0", "nud", "permanent").requireSuccess();
        c.exec("ip", "neigh", "replace", VIP6, "lladdr", SHARED.toString(), "dev", "eth0", "nud", "permanent").requireSuccess();
    }

    private static void apply(int member, Set<Integer> owned) throws Exception {
        BalancedInterface bi = new BalancedInterface("carp0", "eth0", SHARED,
                List.of(InetAddress.getByName(VIP4), InetAddress.getByName(VIP6)), 3, new TreeSet<>(owned));
        BalancingRules r = rules.get(member);
        Nftables n = nft.get(member);
        boolean first = r.counterNames("carp0") == null;
        lab.host(member + 1).runInNamespace(() -> n.run(first ? r.ruleset(List.of(bi)) : r.ownedUpdate(bi)));
    }

    private static void serve(ServerSocket s, String name) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (ServerSocket s : servers) {
            s.close();
        }
        for (int i = 0; i < nft.size(); i++) {
            Nftables n = nft.get(i);
            lab.host(i + 1).runInNamespace(() -> {
                n.run(BalancingRules.removal());
                n.close();
                return null;
            });
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** Source address -> the member that answered (or "none"); a second answer would reset the first. */
    private static Map<String, String> connectFromEverySource(boolean ipv6) throws Exception {
        Map<String, String> answered = new TreeMap<>();
        lab.client().runInNamespace(() -> {
            for (int j = 0; j < SOURCES; j++) {
                String src = ipv6 ? "2001:db8::1:" + (101 + j) : "198.18.0." + (101 + j);
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(InetAddress.getByName(src), 0));
                    s.connect(new InetSocketAddress(InetAddress.getByName(ipv6 ? VIP6 : VIP4), PORT), 400);
                    s.setSoTimeout(400);
                    InputStream in = s.getInputStream();
                    answered.put(src, new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
                } catch (IOException e) {
                    answered.put(src, "none: " + e.getMessage());
                }
            }
            return null;
        });
        return answered;
    }

    private static Map<String, Integer> shares(Map<String, String> answered) {
        Map<String, Integer> shares = new TreeMap<>();
        answered.values().forEach(m -> shares.merge(m, 1, Integer::sum));
        return shares;
    }

    @Test
    void everyConnectionIsAnsweredOnceAndEveryMemberServesAShare() throws Exception {
        for (boolean ipv6 : new boolean[] {false, true}) {
            Map<String, String> answered = connectFromEverySource(ipv6);
            Map<String, Integer> shares = shares(answered);
            assertEquals(Set.of("h1", "h2", "h3"), shares.keySet(), (ipv6 ? "IPv6 " : "IPv4 ") + answered);
            shares.values().forEach(n -> assertTrue(n >= 5, "uneven shares " + shares));
        }
        String counters = lab.host(1).runInNamespace(() -> nft.get(0).run("list counters table inet carpd_balance"));
        assertTrue(counters.matches("(?s).*owned0_kept \\{\\s*packets [1-9].*"), counters);
        assertTrue(counters.matches("(?s).*owned0_dropped \\{\\s*packets [1-9].*"), counters);
        // The kernel itself never answers ARP for the balanced address: carpd does, with the shared MAC.
        String arp = lab.client().exec("arping", "-c", "2", "-w", "2", "-I", "eth0", VIP4).output();
        assertTrue(arp.contains("ARPING " + VIP4) && !arp.contains("reply from"), arp);
    }

    @Test
    void movingABucketMovesOnlyTheSourcesInIt() throws Exception {
        Map<String, String> before = connectFromEverySource(false);
        apply(2, Set.of());            // h3 gives bucket 2 up ...
        apply(0, Set.of(0, 2));        // ... and h1 takes it over, as after h3's carpnode failed
        try {
            Map<String, String> after = connectFromEverySource(false);
            assertEquals(Set.of("h1", "h2"), shares(after).keySet(), after.toString());
            before.forEach((src, member) -> {
                String expected = member.equals("h3") ? "h1" : member;
                assertEquals(expected, after.get(src), src);
            });
        } finally {
            apply(0, Set.of(0));
            apply(2, Set.of(2));
        }
    }
}
