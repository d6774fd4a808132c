package org.carpd.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.carpd.testing.lab.LabHost;

/**
 * The three daemons, each configured the same way: one virtual address ({@value #VIP}/24) on
 * eth0, vhid (VRRP: virtual router id) 1, the given advertisement interval and skew.
 *
 * <ul>
 *   <li>carpd: the packaged {@code bin/carpd --foreground}, key in a mode-600 file.</li>
 *   <li>ucarp: Debian's {@code /usr/sbin/ucarp} with up/down scripts that add/delete the address
 *       and {@code -z} (run the down script on exit), as its documentation shows.</li>
 *   <li>keepalived: Debian's, VRRP only ({@code -P}), in the foreground, its pid files in the run's
 *       directory; priority {@code 256 - advskew} (at most 254) so that VRRP's skew time
 *       {@code (256 - priority) / 256 s} equals CARP's {@code advskew / 256 s}; no authentication
 *       (VRRPv2's is deprecated and VRRPv3 has none).</li>
 * </ul>
 */
enum Daemon {
    CARPD("carpd", Pattern.compile("-> BACKUP")),
    UCARP("ucarp", Pattern.compile("Switching to state: BACKUP")),
    KEEPALIVED("keepalived", Pattern.compile("Entering BACKUP STATE"));

    static final String VIP = "198.18.0.10";
    private static final String PASS = "bench-secret";

    final String id;
    /** A log line that shows the daemon is a backup (listening to the master). */
    final Pattern backupLine;

    Daemon(String id, Pattern backupLine) {
        this.id = id;
        this.backupLine = backupLine;
    }

    static Daemon byId(String id) {
        for (Daemon d : values()) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no daemon '" + id + "'; daemons: carpd, ucarp, keepalived");
    }

    /** The virtual address of vhid {@code n}: 198.18.0.10 for vhid 1, then 198.19.n.1 (carpd's 255-vhid footprint). */
    static String vip(int vhid) {
        return vhid == 1 ? VIP : "198.19." + vhid + ".1";
    }

    /**
     * Writes this daemon's configuration into {@code dir} and returns the command that runs it in
     * the foreground on {@code host}'s eth0.
     */
    List<String> prepare(LabHost host, Path dir, Path dist, int advbase, int advskew, int vhids) throws IOException {
        Files.createDirectories(dir);
        if (vhids != 1 && this != CARPD) {
            throw new IllegalArgumentException(id + " is benchmarked with one vhid only");
        }
        return switch (this) {
            case CARPD -> {
                Path key = secret(dir.resolve("carp.key"), PASS);
                StringBuilder conf = new StringBuilder();
                for (int n = 1; n <= vhids; n++) {
                    conf.append("carp").append(n - 1).append(" carpdev eth0 vhid ").append(n)
                            .append(" advbase ").append(advbase).append(" advskew ").append(advskew)
                            .append(" pass-file ").append(key).append(' ').append(vip(n)).append("/24\n");
                    // CARPD_BENCH_SETTINGS="lladdr carpdev", say: more settings of each carp interface
                    String more = System.getenv().getOrDefault("CARPD_BENCH_SETTINGS", "");
                    if (!more.isBlank()) {
                        conf.append("carp").append(n - 1).append(' ').append(more.trim()).append('\n');
                    }
                }
                Path config = Files.writeString(dir.resolve("carpd.conf"), conf);
                yield List.of(dist.resolve("bin/carpd").toString(), "--foreground", "-c", config.toString(),
                        "--socket", dir.resolve("carpd.sock").toString(), "--state-dir", dir.toString());
            }
            case UCARP -> {
                Path up = script(dir.resolve("vip-up"), "ip addr add \"$2\"/24 dev \"$1\"");
                Path down = script(dir.resolve("vip-down"), "ip addr del \"$2\"/24 dev \"$1\" 2>/dev/null || true");
                yield List.of("ucarp", "-i", "eth0", "-s", host.ipv4().getHostAddress(), "-v", "1", "-p", PASS,
                        "-b", String.valueOf(advbase), "-k", String.valueOf(advskew), "-a", VIP,
                        "-u", up.toString(), "-d", down.toString(), "-z");
            }
            case KEEPALIVED -> {
                int priority = Math.min(254, 256 - advskew);
                String conf = "global_defs {\n  router_id " + host.name() + "\n}\n"
                        + "vrrp_instance bench {\n  state BACKUP\n  interface eth0\n  virtual_router_id 1\n"
                        + "  priority " + priority + "\n  advert_int " + advbase + "\n"
                        + "  virtual_ipaddress {\n    " + VIP + "/24 dev eth0\n  }\n}\n";
                Path config = Files.writeString(dir.resolve("keepalived.conf"), conf);
                yield List.of("keepalived", "--dont-fork", "--log-console", "--log-detail", "--no-syslog", "--vrrp",
                        "-f", config.toString(), "-p", dir.resolve("keepalived.pid").toString(),
                        "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString(),
                        "-b", dir.resolve("bfd.pid").toString());
            }
        };
    }

    /** The programs this daemon needs, for a clear message when one is missing. */
    List<String> programs(Path dist) {
        return switch (this) {
            case CARPD -> List.of(dist.resolve("bin/carpd").toString());
            case UCARP -> List.of("ucarp");
            case KEEPALIVED -> List.of("keepalived");
        };
    }

    /** Which of {@link #programs} cannot be found. */
    List<String> missing(Path dist) {
        List<String> out = new ArrayList<>();
        for (String p : programs(dist)) {
            boolean found = p.contains("/") ? Files.isExecutable(Path.of(p)) : onPath(p);
            if (!found) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    private static Path secret(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static Path script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
