package org.carpd.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.carpd.cli.bench.DaemonProcess.Memory;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;

/**
 * Runs single cases on one lab (h1, h2, client): a failover of one daemon pair, or one idle daemon's
 * footprint. Each run starts its daemons fresh and leaves the lab as it found it (links up, no
 * virtual address, no daemon), also when it fails.
 */
final class BenchRuns {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The probe goes on this long after the backup has taken the address. */
    private static final Duration TAIL = Duration.ofMillis(1000);

    private final NetnsLab lab;
    private final Path dist;
    private final Path work;
    private final AddressMonitor[] monitors;
    private int runs;

    BenchRuns(NetnsLab lab, Path dist) throws InterruptedException {
        this.lab = lab;
        this.dist = dist;
        this.work = lab.logDir();
        this.monitors = new AddressMonitor[] {AddressMonitor.start(lab.host(1), work), AddressMonitor.start(lab.host(2), work)};
        Thread.sleep(300); // let both monitors subscribe before the first address appears
    }

    /** One failover: h1 becomes master, h2 backup, the client probes the address, then h1 is hurt. */
    Trace failover(Scenario s, Daemon d, int round) throws Exception {
        LabHost h1 = lab.host(1);
        LabHost h2 = lab.host(2);
        Path dir = work.resolve(String.format("%03d-%s-%s", ++runs, s.id, d.id));
        Instant start = Instant.now();
        DaemonProcess master = null;
        DaemonProcess backup = null;
        try {
            // the master first: started together, a slow JVM start could let the backup win the election
            master = DaemonProcess.start(d, h1, dir.resolve("h1"), dist, s.advbase, s.masterSkew, 1);
            if (!monitors[0].awaitHolds(Daemon.VIP, START_TIMEOUT)) {
                master.requireAlive();
                throw new BenchException(d.id + " on h1 never took the address:\n" + master.log());
            }
            backup = DaemonProcess.start(d, h2, dir.resolve("h2"), dist, s.advbase, s.backupSkew, 1);
            backup.awaitBackup(START_TIMEOUT);
            Thread.sleep(Math.max(300, (long) (1.2 * s.advertMillis(s.masterSkew)))); // it has heard the master
            if (monitors[1].holds(Daemon.VIP) || !monitors[0].holds(Daemon.VIP)) {
                throw new BenchException(d.id + ": h2 holds the address or h1 lost it before the fault\nh1:\n"
                        + master.log() + "\nh2:\n" + backup.log());
            }
            Probe probe = Probe.start(lab.client(), Daemon.VIP, dir, s.takeoverSeconds + 3);
            Thread.sleep(Scenario.LEAD.toMillis());
            Instant fault = Instant.now();
            if (s.fault == Scenario.Fault.SIGTERM) {
                master.terminate();
            } else {
                h1.linkDown();
            }
            boolean tookOver = monitors[1].awaitHolds(Daemon.VIP, Duration.ofSeconds(s.takeoverSeconds));
            Thread.sleep(TAIL.toMillis()); // the clients' neighbour caches follow the takeover
            Probe.Recorded probed = probe.stop();
            if (!tookOver) {
                throw new BenchException(d.id + ": h2 did not take the address over:\n" + backup.log());
            }
            backup.requireAlive();
            Instant end = Instant.now();
            Trace t = new Trace(s, d, round, start, fault, end, probed.replies(), probed.lost(),
                    List.of(monitors[0].spans(Daemon.VIP, start, end), monitors[1].spans(Daemon.VIP, start, end)));
            t.requireSane();
            return t;
        } finally {
            cleanUp(master, backup);
        }
    }

    /** One daemon alone on h1 with {@code vhids} vhids: waits until it holds the first address, idles, reads its memory. */
    Memory footprint(Daemon d, int vhids, Duration idle) throws Exception {
        Path dir = work.resolve(String.format("%03d-footprint-%s-%d", ++runs, d.id, vhids));
        DaemonProcess alone = null;
        try {
            alone = DaemonProcess.start(d, lab.host(1), dir, dist, 1, 0, vhids);
            if (!monitors[0].awaitHolds(Daemon.VIP, START_TIMEOUT)) {
                alone.requireAlive();
                throw new BenchException(d.id + " alone on h1 never took the address:\n" + alone.log());
            }
            Thread.sleep(idle.toMillis());
            return alone.memory();
        } finally {
            cleanUp(alone);
        }
    }

    /** Stops the daemons, plugs h1 back in and deletes every address but the hosts' own. */
    private void cleanUp(DaemonProcess... daemons) throws InterruptedException {
        for (DaemonProcess p : daemons) {
            if (p != null) {
                p.close();
            }
        }
        lab.host(1).linkUp();
        for (LabHost h : List.of(lab.host(1), lab.host(2))) {
            String own = h.ipv4().getHostAddress() + "/";
            for (String line : h.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0").output().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].equals("inet") && !f[3].startsWith(own)) {
                    h.exec("ip", "addr", "del", f[3], "dev", "eth0");
                }
            }
        }
        Thread.sleep(200);
    }

    static void requireTools(List<Daemon> daemons, Path dist) throws IOException {
        for (Daemon d : daemons) {
            List<String> missing = d.missing(dist);
            if (!missing.isEmpty()) {
                throw new BenchException(d.id + " needs " + missing
                        + (d == Daemon.CARPD ? " (run mvn -B -q package -DskipTests first)" : " (apt-get install " + d.id + ")"));
            }
        }
    }
}
