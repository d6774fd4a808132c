package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.carpd.cli.testing.CommandRun;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;

/**
 * Two NAT firewalls (h1, h2) between the lab's client segment and a server segment, built on a
 * {@link NetnsLab} of three hosts: h3 becomes the server (its eth0 is taken off the client
 * segment). Every link added here lives only in the lab's namespaces, so closing the lab removes
 * it.
 *
 * <pre>
 *   client 198.18.0.100 --[br0]-- h1/h2 eth0 198.18.0.1/.2, carp0 VIP 198.18.0.10 (client's gateway)
 *   server 198.19.0.100 --[brs]-- h1/h2 srv0 198.19.0.1/.2, carp1 VIP 198.19.0.10 (NAT source)
 *                                 h1 sync0 198.19.1.1 ---- h2 sync0 198.19.1.2 (conntrackd FTFW over UDP)
 * </pre>
 *
 * Each firewall forwards client to server only: established/related, or a new connection that
 * starts with a SYN (so a connection it has no state for is dropped, as on a stateful firewall),
 * and source-NATs it to the VIP 198.19.0.10.
 */
final class NatFirewallPair {
    static final String CLIENT_GW = "198.18.0.10";
    static final String NAT_VIP = "198.19.0.10";
    static final String SERVER = "198.19.0.100";

    private final NetnsLab lab;
    private final Path dir;
    private final List<Process> conntrackds = new ArrayList<>();

    NatFirewallPair(NetnsLab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    LabHost server() {
        return lab.host(3);
    }

    private static void run(String... cmd) throws Exception {
        CommandRun r = CommandRun.run(Map.of(), cmd);
        if (r.status() != 0) {
            fail(String.join(" ", cmd) + " failed: " + r.out() + r.err());
        }
    }

    private static void ip(String netns, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", netns));
        cmd.addAll(List.of(args));
        run(cmd.toArray(String[]::new));
    }

    /** Links, addresses, routes, forwarding and the firewall rules. */
    void build() throws Exception {
        String sw = lab.switchNetns();
        ip(sw, "link", "add", "brs", "type", "bridge", "mcast_snooping", "0");
        ip(sw, "link", "set", "brs", "up");
        LabHost server = server();
        ip(server.netns(), "link", "set", "eth0", "down");
        for (int i : new int[] {1, 2, 3}) {
            LabHost h = lab.host(i);
            ip(sw, "link", "add", "s" + i, "type", "veth", "peer", "name", "srv0", "netns", h.netns());
            ip(sw, "link", "set", "s" + i, "master", "brs", "up");
            ip(h.netns(), "addr", "add", (i == 3 ? SERVER : "198.19.0." + i) + "/24", "dev", "srv0");
            ip(h.netns(), "link", "set", "srv0", "up");
        }
        ip(lab.host(1).netns(), "link", "add", "sync0", "type", "veth", "peer", "name", "sync0",
                "netns", lab.host(2).netns());
        for (int i : new int[] {1, 2}) {
            LabHost h = lab.host(i);
            ip(h.netns(), "addr", "add", "198.19.1." + i + "/24", "dev", "sync0");
            ip(h.netns(), "link", "set", "sync0", "up");
            h.exec("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").requireSuccess();
            Path rules = dir.resolve("h" + i + ".nft");
            Files.writeString(rules, """
                    table inet carpdlab_fw {
                        chain forward {
                            type filter hook forward priority 0; policy drop;
                            ct state established,related accept
                            iifname "eth0" oifname "srv0" tcp flags & (syn | ack | fin | rst) == syn ct state new accept
                        }
                    }
                    table ip carpdlab_nat {
                        chain postrouting {
                            type nat hook postrouting priority 100;
                            oifname "srv0" snat to %s
                        }
                    }
                    """.formatted(NAT_VIP));
            h.exec("nft", "-f", rules.toString()).requireSuccess();
        }
        ip(lab.client().netns(), "route", "add", "198.19.0.0/24", "via", CLIENT_GW);
    }

    /** carpd's configuration for firewall {@code i}: carp0 (client side) and carp1 (server side). */
    static String carpConfig(int advskew, Path key) {
        return "carp0 carpdev eth0 lladdr carpdev vhid 1 advbase 1 advskew " + advskew + " pass-file " + key + " " + CLIENT_GW + "/24\n"
                + "carp1 carpdev srv0 lladdr carpdev vhid 2 advbase 1 advskew " + advskew + " pass-file " + key + " " + NAT_VIP + "/24\n";
    }

    /** Starts conntrackd (FTFW, UDP on sync0) in firewall {@code i}; returns its configuration. */
    Path startConntrackd(int i) throws Exception {
        Path node = Files.createDirectories(dir.resolve("ct-h" + i));
        Path conf = node.resolve("conntrackd.conf");
        Files.writeString(conf, """
                Sync {
                    Mode FTFW {
                    }
                    UDP {
                        IPv4_address 198.19.1.%d
                        IPv4_Destination_Address 198.19.1.%d
                        Port 3780
                        Interface sync0
                        SndSocketBuffer 1249280
                        RcvSocketBuffer 1249280
                        Checksum on
                    }
                }
                General {
                    HashSize 8192
                    HashLimit 65536
                    LogFile %s
                    Syslog off
                    LockFile %s
                    UNIX {
                        Path %s
                    }
                    NetlinkBufferSize 2097152
                    NetlinkBufferSizeMaxGrowth 8388608
                    Filter From Userspace {
                        Protocol Accept {
                            TCP
                        }
                        Address Ignore {
                            IPv4_address 127.0.0.1
                            IPv4_address 198.18.0.%d
                            IPv4_address 198.19.0.%d
                            IPv4_address 198.19.1.%d
                        }
                    }
                }
                """.formatted(i, 3 - i, node.resolve("conntrackd.log"), node.resolve("lock"), node.resolve("ctl"), i, i, i));
        Process p = lab.host(i).spawn(node.resolve("stdout.log"), "conntrackd", "-C", conf.toString());
        conntrackds.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(node.resolve("ctl"))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail("conntrackd on h" + i + " did not start: " + read(node.resolve("stdout.log"))
                        + read(node.resolve("conntrackd.log")));
            }
            Thread.sleep(50);
        }
        return conf;
    }

    /**
     * A notify.d for firewall {@code i} whose one action is the shipped conntrackd action, with
     * conntrackd's commands run inside the firewall's namespace (one firewall is one host).
     */
    Path notifyDir(int i, Path conntrackdConf) throws IOException {
        Path node = dir.resolve("ct-h" + i);
        Path inNs = node.resolve("conntrackd-in-ns");
        writeExecutable(inNs, "#!/bin/sh\nexec ip netns exec " + lab.host(i).netns() + " conntrackd \"$@\"\n");
        Path defaults = node.resolve("defaults");
        Files.writeString(defaults, "CONNTRACKD=" + inNs + "\nCONNTRACKD_CONFIG=" + conntrackdConf
                + "\nCARP_INTERFACES=\"carp0\"\n");
        Path notifyDir = Files.createDirectory(node.resolve("notify.d"));
        Files.setPosixFilePermissions(notifyDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path action = CarpdNode.DIST.resolve("notify/conntrackd").toAbsolutePath();
        writeExecutable(notifyDir.resolve("50-conntrackd"), "#!/bin/sh\n"
                + "CARPD_CONNTRACKD_DEFAULTS=" + defaults + "\nCARPD_CONNTRACKD_LOCK=" + node.resolve("action.lock")
                + "\nexport CARPD_CONNTRACKD_DEFAULTS CARPD_CONNTRACKD_LOCK\n"
                + "echo \"$(date +%s.%N) $CARP_IF $CARP_STATE\" >> " + node.resolve("actions.log") + "\n"
                + "exec " + action + "\n");
        return notifyDir;
    }

    Path actionsLog(int i) {
        return dir.resolve("ct-h" + i).resolve("actions.log");
    }

    /** The firewall dies: all three of its links lose carrier. */
    void unplug(int i) throws Exception {
        lab.host(i).linkDown();
        ip(lab.switchNetns(), "link", "set", "s" + i, "down");
        ip(lab.host(i).netns(), "link", "set", "sync0", "down");
    }

    /** conntrackd's internal or external cache of firewall {@code i} (conntrackd -i / -e). */
    String cache(int i, Path conf, String flag) {
        return lab.host(i).exec("conntrackd", "-C", conf.toString(), flag).output();
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void writeExecutable(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
