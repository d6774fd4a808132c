package org.carpd.cli.chaos;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

import org.carpd.cli.lab.LabCarpd;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.net.frame.PacketTransport;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.carpd.testing.lab.SwitchFirewall;

/**
 * The soak's fault injector: one fault at a time, drawn from a seeded {@link Random}, each
 * recorded in a journal (printed on failure) and, where it suspends the invariants, as a window
 * in {@link ChaosChecks}.
 */
final class ChaosFaults implements AutoCloseable {
    /** Rewrite node {@code node}'s config with hook number {@code hook} (then it is sent SIGHUP). */
    record ConfigChange(int node, int hook) {
    }

    private enum Kind { FLAP, KILL, STOP, PARTITION, LOSS, RELOAD, JUNK }

    private final NetnsLab lab;
    private final List<LabCarpd> nodes;
    private final ChaosChecks checks;
    private final Random random;
    private final int longRunner;
    private final Consumer<ConfigChange> reconfigure;
    private final SwitchFirewall firewall;
    private final PacketTransport junkPort;
    private final LabHost junkHost;
    private final List<String> journal = new ArrayList<>();
    private final Instant origin = Instant.now();

    ChaosFaults(NetnsLab lab, List<LabCarpd> nodes, ChaosChecks checks, Random random, long seed, int longRunner,
            Consumer<ConfigChange> reconfigure) throws Exception {
        this.lab = lab;
        this.nodes = nodes;
        this.checks = checks;
        this.random = random;
        this.longRunner = longRunner;
        this.reconfigure = reconfigure;
        this.firewall = SwitchFirewall.install(lab);
        this.junkHost = lab.host(4);
        this.junkPort = junkHost.runInNamespace(() -> PacketTransport.open("eth0", (f, n) -> { }));
        log("seed " + seed);
    }

    /** Runs one random fault to its end, then waits 0.5-1.5 s. */
    void next() throws Exception {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        int k = random.nextInt(nodes.size());
        String name = "h" + (k + 1);
        LabCarpd node = nodes.get(k);
        long ms = 1000 + random.nextInt(3000);
        Instant from = Instant.now();
        switch (kind) {
            case FLAP -> {
                log("link of " + name + " down for " + ms + " ms");
                node.host().linkDown();
                Thread.sleep(ms);
                node.host().linkUp();
                checks.exempt(name, from, Instant.now().plus(ChaosSoakIT.TRANSITION), "flap");
            }
            case KILL -> {
                if (k == longRunner) {
                    k = (k + 1) % nodes.size();
                    name = "h" + (k + 1);
                    node = nodes.get(k);
                }
                ms = 500 + random.nextInt(1500);
                log("SIGKILL " + name + ", restart after " + ms + " ms");
                node.kill();
                Thread.sleep(ms);
                node.start();
                log("  " + name + " restarted");
                checks.exempt(name, from, Instant.now().plusMillis(1000), "killed");
            }
            case STOP -> {
                ms = 500 + random.nextInt(2000);
                log("SIGSTOP " + name + " for " + ms + " ms");
                node.signal("STOP");
                Thread.sleep(ms);
                node.signal("CONT");
                checks.exempt(name, from, Instant.now().plus(ChaosSoakIT.TRANSITION), "stopped");
            }
            case PARTITION -> {
                ms += 2000;
                List<LabHost> rest = new ArrayList<>(ChaosSoakIT.carpdHosts(lab));
                rest.remove(node.host());
                log("partition (CARP) " + name + " | " + rest.stream().map(LabHost::name).toList() + " for " + ms + " ms");
                firewall.partitionCarp(Set.of(node.host()), rest);
                Thread.sleep(ms);
                firewall.heal();
                checks.exempt(null, from, Instant.now().plus(ChaosSoakIT.TRANSITION), "partition");
            }
            case LOSS -> {
                int percent = 5 + random.nextInt(16);
                ms += 2000;
                log(percent + "% CARP loss from " + name + " for " + ms + " ms");
                firewall.carpLoss(node.host(), percent);
                Thread.sleep(ms);
                firewall.heal();
                checks.exempt(null, from, Instant.now().plus(ChaosSoakIT.TRANSITION), "loss");
            }
            case RELOAD -> {
                int hook = random.nextInt(3);
                log("SIGHUP " + name + " with hook " + List.of("ok", "fail", "hang").get(hook));
                reconfigure.accept(new ConfigChange(k, hook));
                node.signal("HUP");
            }
            case JUNK -> {
                log("junk flood from h4, 400 frames in 2 s");
                junk(400, Duration.ofSeconds(2));
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        Thread.sleep(500 + random.nextInt(1000));
    }

    /** Forged advertisements for both vhids with random HMACs and timers, and truncated frames. */
    private void junk(int count, Duration over) throws Exception {
        long gapNanos = over.toNanos() / count;
        for (int i = 0; i < count; i++) {
            byte[] hmac = new byte[Advertisement.HMAC_LENGTH];
            random.nextBytes(hmac);
            Advertisement ad = new Advertisement(1 + random.nextInt(2), random.nextInt(256), random.nextInt(256),
                    random.nextInt(256), random.nextLong(), hmac);
            InetAddress src = InetAddress.getByName("198.18.0." + (101 + random.nextInt(149)));
            byte[] frame = AdvertisementCodec.encodeFrameV4(junkHost.mac(), (Inet4Address) src, ad, random.nextInt(0x10000));
            if (random.nextInt(5) == 0) {
                frame = java.util.Arrays.copyOf(frame, 14 + 20 + random.nextInt(36)); // truncated
            }
            junkPort.send(frame);
            java.util.concurrent.locks.LockSupport.parkNanos(gapNanos);
        }
    }

    /** Ends every fault: heals the switch, plugs every host in, resumes and restarts daemons. */
    Instant stopAll() throws Exception {
        firewall.heal();
        for (int i = 0; i < nodes.size(); i++) {
            LabCarpd n = nodes.get(i);
            n.host().linkUp();
            if (n.alive()) {
                n.signal("CONT");
            } else {
                n.start();
            }
        }
        Instant now = Instant.now();
        log("faults stopped; dropped by the switch in total: " + firewall.droppedPackets());
        return now;
    }

    String journal() {
        return String.join("\n", journal);
    }

    private void log(String line) {
        String entry = String.format("%7.3f s  %s", Duration.between(origin, Instant.now()).toMillis() / 1000.0, line);
        journal.add(entry);
        System.out.println("[carpd chaos] " + entry);
    }

    @Override
    public void close() {
        junkPort.close();
    }
}
