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
    /** The operator guide's example, which this lab runs: carpd.conf, conntrackd.conf, nftables.conf. */
    static final Path EXAMPLE = Path.of("../docs/examples/nat-firewall");
    static final String CLIENT_GW = "198.18.0.10";
    static final String NAT_VIP = "198.19.0.10";
    static final String SERVER = "198.19.0.100";

    private final NetnsLab lab;
    private final Path dir;
    private final Map<Integer, Process> conntrackds = new java.util.HashMap<>();

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
            Files.copy(EXAMPLE.resolve("nftables.conf"), rules, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            h.exec("nft", "-c", "-f", rules.toString()).requireSuccess(); // the example as it is
            h.exec("nft", "-f", rules.toString()).requireSuccess();
        }
        ip(lab.client().netns(), "route", "add", "198.19.0.0/24", "via", CLIENT_GW);
    }

    /**
     * carpd's configuration for a firewall: the example's, with the key file {@code key} and
     * {@code advskew} (0 for fw1, 100 for fw2) put in.
     */
    static String carpConfig(int advskew, Path key) throws IOException {
        String example = Files.readString(EXAMPLE.resolve("carpd.conf"));
        String text = example.replace("pass-file /etc/carpd/carp.key", "pass-file " + key)
                .replace(" advskew 0 ", " advskew " + advskew + " ");
        if (text.equals(example) || !text.contains("carp0 carpdev eth0 vhid 1") || !text.contains("carp1 carpdev srv0 vhid 2")) {
            fail("the example carpd.conf no longer matches the lab:\n" + example);
        }
        return text;
    }

    /** {@code carpd --check} of a configuration file: what the operator runs before starting. */
    static void check(Path carpdConf) throws Exception {
        run(CarpdNode.DIST.resolve("bin/carpd").toString(), "--check", "-c", carpdConf.toString());
    }

    /** Starts conntrackd (FTFW, UDP on sync0) in firewall {@code i}; returns its configuration. */
    Path startConntrackd(int i) throws Exception {
        Path node = Files.createDirectories(dir.resolve("ct-h" + i));
        Path conf = node.resolve("conntrackd.conf");
        Files.writeString(conf, conntrackdConfig(i, node));
        Process p = lab.host(i).spawn(node.resolve("stdout.log"), "conntrackd", "-C", conf.toString());
        conntrackds.put(i, p);
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

    /** Firewall {@code i} loses its connection state, as in a reboot: conntrackd stops, the kernel table is flushed. */
    void stopConntrackd(int i) throws Exception {
        Process p = conntrackds.remove(i);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Path node = dir.resolve("ct-h" + i);
        Files.deleteIfExists(node.resolve("ctl"));
        Files.deleteIfExists(node.resolve("lock"));
        lab.host(i).exec("conntrack", "-F");
    }

    /**
     * The example conntrackd.conf for firewall {@code i}: fw2 with the addresses swapped, and the
     * log, lock and socket in {@code node}.
     */
    static String conntrackdConfig(int i, Path node) throws IOException {
        String text = Files.readString(EXAMPLE.resolve("conntrackd.conf"))
                .replace("/var/log/conntrackd.log", node.resolve("conntrackd.log").toString())
                .replace("/var/lock/conntrackd.lock", node.resolve("lock").toString())
                .replace("/var/run/conntrackd.ctl", node.resolve("ctl").toString());
        if (i == 2) {
            text = text.replaceAll("\\b(198\\.1[89]\\.[01])\\.1\\b", "$1.TWO")
                    .replaceAll("\\b198\\.19\\.1\\.2\\b", "198.19.1.1").replace(".TWO", ".2");
        }
        return text;
    }

    /**
     * A notify.d for firewall {@code i} whose one action is the shipped conntrackd action, with
     * conntrackd's commands run inside the firewall's namespace (one firewall is one host).
     */
    Path notifyDir(int i, Path conntrackdConf, Path carpdSocket) throws IOException {
        Path node = dir.resolve("ct-h" + i);
        Path inNs = node.resolve("conntrackd-in-ns");
        writeExecutable(inNs, "#!/bin/sh\nexec ip netns exec " + lab.host(i).netns() + " conntrackd \"$@\"\n");
        Path defaults = node.resolve("defaults");
        Files.writeString(defaults, "CONNTRACKD=" + inNs + "\nCONNTRACKD_CONFIG=" + conntrackdConf
                + "\nCARP_INTERFACES=\"carp0\"\nCARPCTL=" + CarpdNode.DIST.resolve("bin/carpctl").toAbsolutePath() + "\n");
        Path notifyDir = Files.createDirectory(node.resolve("notify.d"));
        Files.setPosixFilePermissions(notifyDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path action = CarpdNode.DIST.resolve("notify/conntrackd").toAbsolutePath();
        writeExecutable(notifyDir.resolve("50-conntrackd"), "#!/bin/sh\n"
                + "CARPD_CONNTRACKD_DEFAULTS=" + defaults + "\nCARPD_CONNTRACKD_LOCK=" + node.resolve("action.lock")
                + "\nCARPD_SOCKET=" + carpdSocket.toAbsolutePath()
                + "\nexport CARPD_CONNTRACKD_DEFAULTS CARPD_CONNTRACKD_LOCK CARPD_SOCKET\n"
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
