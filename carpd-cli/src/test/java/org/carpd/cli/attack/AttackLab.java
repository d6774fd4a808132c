package org.carpd.cli.attack;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.carpd.cli.lab.LabCarpd;
import org.carpd.net.frame.PacketTransport;
import org.carpd.testing.lab.CarpAttacker;
import org.carpd.testing.lab.CarpAttacker.Captured;
import org.carpd.testing.lab.HolderSampler;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.Assumptions;

/**
 * The attack scene: carpd on h1 (advskew 0, the master) and h2 (advskew 100), an attacker on h3
 * with a capture of the segment (a packet transport in its namespace), and a holder sampler over all three.
 */
final class AttackLab implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    static final String PASS = "attack-lab";

    final NetnsLab lab;
    final LabCarpd master;
    final LabCarpd backup;
    final LabHost attackerHost;
    final CarpAttacker attacker;
    private PacketTransport capture;
    private HolderSampler sampler;

    private AttackLab(NetnsLab lab, Path dir) throws IOException {
        this.lab = lab;
        this.master = new LabCarpd(lab.host(1), dir);
        this.backup = new LabCarpd(lab.host(2), dir);
        this.attackerHost = lab.host(3);
        this.attacker = new CarpAttacker(attackerHost.mac());
    }

    /** Skips without root or without the packaged launchers; otherwise builds the lab (no daemons yet). */
    static AttackLab create(Path dir) throws IOException {
        NetnsLab.assumeAvailable();
        Assumptions.assumeTrue(Files.isExecutable(DIST.resolve("bin/carpd")),
                "attack lab skipped: no packaged carpd at " + DIST + " (run mvn package)");
        return new AttackLab(NetnsLab.create(3), dir);
    }

    /**
     * Starts both daemons with {@code set replay POLICY} and carp0 lines built by {@code line}
     * (advskew in, config line out), waits for h1 MASTER and h2 BACKUP, opens the attacker's
     * capture and starts sampling {@code vips}.
     */
    void start(String policy, IntFunction<String> line, List<String> vips) throws Exception {
        master.writeConfig("set replay " + policy + "\n" + line.apply(0));
        backup.writeConfig("set replay " + policy + "\n" + line.apply(100));
        master.start();
        master.awaitState("MASTER", Duration.ofSeconds(15));
        backup.start();
        backup.awaitState("BACKUP", Duration.ofSeconds(5));
        capture = attackerHost.runInNamespace(() -> PacketTransport.open("eth0", attacker::observe));
        sampler = HolderSampler.start(lab, lab.hosts(), vips);
    }

    /** The carp0 line of a dual-stack vhid 1 with advskew {@code skew}. */
    String dualStack(int skew) {
        try {
            return LabCarpd.carp0(1, skew, keyFor(skew));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Path keyFor(int skew) throws IOException {
        return (skew == 0 ? master : backup).writeKey(PASS);
    }

    HolderSampler sampler() {
        return sampler;
    }

    /**
     * A fresh genuine advertisement of the master in one family, or (if it stopped advertising,
     * e.g. an earlier attack made it yield) the newest one captured before.
     */
    Captured captureFromMaster(boolean ipv6) throws InterruptedException {
        java.util.function.Predicate<Captured> ours = c -> c.ipv6() == ipv6
                && c.packet().sourceMac().equals(master.host().mac());
        try {
            return attacker.await(ours, Instant.now(), Duration.ofSeconds(3));
        } catch (org.carpd.testing.lab.LabException silent) {
            return attacker.latest(ours).orElseThrow(() -> silent);
        }
    }

    /** Sends {@code count} frames, {@code gap} apart; {@code frame} builds the i-th. */
    void send(int count, Duration gap, IntFunction<byte[]> frame) throws Exception {
        for (int i = 0; i < count; i++) {
            attacker.send(capture::send, frame.apply(i));
            Thread.sleep(gap.toMillis());
        }
    }

    /** A source of the same family as {@code c}: the i-th spoofed one. */
    static InetAddress spoofed(Captured c, int i) {
        return c.ipv6() ? CarpAttacker.spoofedIpv6(i) : CarpAttacker.spoofedIpv4(i);
    }

    /** Sum of every "discarded ..." counter plus own packets looped back. */
    static long rejected(Map<String, Long> stats) {
        return stats.entrySet().stream()
                .filter(e -> e.getKey().startsWith("discarded") || e.getKey().startsWith("own advertisements"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    static long counter(Map<String, Long> stats, String name) {
        return stats.getOrDefault(name, 0L);
    }

    @Override
    public void close() throws Exception {
        try {
            if (sampler != null) {
                sampler.stop();
            }
            if (capture != null) {
                capture.close();
            }
            master.close();
            backup.close();
        } finally {
            lab.close();
        }
    }
}
