package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.carpd.cli.posix.UnixDatagramReceiver;
import org.carpd.testing.lab.ExecResult;
import org.carpd.testing.lab.HolderSampler;
import org.carpd.testing.lab.HolderTimeline;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a node, with the packaged carpd on two lab hosts: maintenance mode (handover at once,
 * kept across a restart, stays BACKUP without a master, shown in the listing, JSON, metrics,
 * health endpoint, systemd status and log), the health endpoint, and the systemd watchdog pings
 * (WATCHDOG=1 every half WATCHDOG_USEC; none while the process is stopped). Holders sampled every 250 ms.
 */
class OperationsIT {
    private static final String METRICS = "http://127.0.0.1:9512";

    @TempDir
    Path tmp;

    private NetnsLab lab;
    private final List<CarpdNode> nodes = new ArrayList<>();

    @AfterEach
    void down() throws Exception {
        LabTeardown.close(List.of(), List.of(), nodes, lab);
    }

    private String http(CarpdNode n, String path) {
        return n.host().exec("curl", "-s", "-m", "3", "-w", "\nHTTP %{http_code}", METRICS + path).output();
    }

    /** Status and WATCHDOG datagrams from carpd, in order of arrival, collected by a thread. */
    private static List<String[]> collect(UnixDatagramReceiver systemd) {
        List<String[]> got = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    String d = systemd.receive(200);
                    if (d != null) {
                        got.add(new String[] {Long.toString(System.nanoTime()), d});
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sd-notify-collector");
        t.setDaemon(true);
        t.start();
        return got;
    }

    @Test
    void maintenanceDrainsAtOnceSurvivesARestartAndShowsEverywhere() throws Exception {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(2);
        for (int i = 1; i <= 2; i++) {
            CarpdNode n = new CarpdNode(lab.host(i), tmp);
            n.writeConfig("set metrics 127.0.0.1:9512\n" + CarpdNode.carp0(1, i == 1 ? 0 : 100, n.writeKey("ops")));
            nodes.add(n);
        }
        CarpdNode h1 = nodes.get(0);
        CarpdNode h2 = nodes.get(1);
        Path notify = tmp.resolve("notify");
        try (UnixDatagramReceiver systemd = new UnixDatagramReceiver(notify.toString())) {
            List<String[]> datagrams = collect(systemd);
            h1.environment("NOTIFY_SOCKET=" + notify, "WATCHDOG_USEC=2000000");
            h1.start();
            h1.awaitState("MASTER", Duration.ofSeconds(15));
            h2.start();
            h2.awaitState("BACKUP", Duration.ofSeconds(5));
            // BACKUP comes at start; the first advertisement from h1 (advbase 1) up to a second later
            for (int i = 0; i < 30 && http(h2, "/health").contains("\"last_heard_seconds_ago\":null"); i++) {
                Thread.sleep(100);
            }
            assertTrue(http(h1, "/health").matches("(?s)\\{\"alive\":true,\"ready\":true,\"maintenance\":false,.*"
                    + "\"state\":\"MASTER\".*\"last_sent_seconds_ago\":[01]\\.\\d{3}.*\nHTTP 200"), http(h1, "/health"));
            assertTrue(http(h2, "/health").matches("(?s).*\"state\":\"BACKUP\".*\"last_heard_seconds_ago\":[01]\\.\\d{3}.*"),
                    http(h2, "/health"));

            // Bad words: usage, exit 2, nothing changed.
            for (String[] bad : new String[][] {{"maintenance", "yes"}, {"maintenance", "on", "now"}}) {
                ExecResult r = h1.ctl(bad);
                assertEquals(2, r.exitCode(), r.output());
                assertTrue(r.output().contains("usage: carpctl maintenance [on|off]"), r.output());
            }
            assertFalse(Files.exists(h1.dir().resolve("maintenance")));
            assertEquals("MASTER", h1.state());

            try (HolderSampler sampler = HolderSampler.start(lab, lab.hosts(), List.of(CarpdNode.VIP4))) {
                Thread.sleep(1000);
                Instant on = Instant.now();
                assertEquals("maintenance: on", h1.ctl("maintenance", "on").requireSuccess().output().strip());
                CarpdNode.Transition took = h2.awaitTransition("MASTER", on, Duration.ofSeconds(2));
                assertEquals("master bowed out", took.reason());
                assertTrue(Duration.between(on, took.time()).toMillis() < 1000,
                        "handed over at once, not after the master-down interval: " + took);
                Thread.sleep(1500);
                HolderTimeline holders = sampler.stop();
                assertEquals("h2", holders.assertExactlyOneHolderFrom(CarpdNode.VIP4, on.plusMillis(750)));
            }
            assertEquals("BACKUP", h1.state());
            assertTrue(Files.readString(h1.dir().resolve("maintenance")).startsWith("on since "));
            String listing = h1.ctl().requireSuccess().output();
            assertTrue(listing.startsWith("maintenance since ") && listing.contains("(every vhid stays BACKUP)"), listing);
            assertTrue(h1.ctl("--json").requireSuccess().output().contains("\"maintenance\":true"));
            assertTrue(http(h1, "/metrics").contains("\ncarpd_maintenance 1\n"));
            assertTrue(http(h1, "/health").matches("(?s)\\{\"alive\":true,\"ready\":false,\"maintenance\":true,.*HTTP 200"),
                    http(h1, "/health"));
            assertTrue(datagrams.stream().anyMatch(d -> d[1].startsWith("STATUS=maintenance since ")
                    && d[1].endsWith("(every vhid stays BACKUP); carp0 BACKUP")), "systemd status");
            h1.awaitLog("maintenance mode on: every vhid hands over and stays BACKUP", Duration.ofSeconds(2));
            assertEquals(2, h1.ctl("carp0", "state", "master").exitCode(), "forcing MASTER is refused");

            // The watchdog: WATCHDOG=1 every half WATCHDOG_USEC (1 s; the loop turns at least once a
            // second, so a ping is at most one turn late); none while the process is stopped.
            Thread.sleep(5000);
            long now = System.nanoTime();
            List<Long> pings = datagrams.stream().filter(d -> d[1].equals("WATCHDOG=1"))
                    .map(d -> Long.parseLong(d[0])).filter(t -> now - t < 5_000_000_000L).toList();
            assertTrue(pings.size() >= 3 && pings.size() <= 5, "pings in 5 s: " + pings.size());
            for (int i = 1; i < pings.size(); i++) {
                long gap = (pings.get(i) - pings.get(i - 1)) / 1_000_000;
                assertTrue(gap >= 950 && gap <= 2200, "gap between pings " + gap + " ms");
            }
            h1.signal("STOP");
            long stopped = System.nanoTime();
            Thread.sleep(3000);
            long resumed = System.nanoTime();
            h1.signal("CONT");
            Thread.sleep(2500);
            assertEquals(0, datagrams.stream().filter(d -> d[1].equals("WATCHDOG=1"))
                    .map(d -> Long.parseLong(d[0])).filter(t -> t > stopped + 100_000_000L && t < resumed).count(),
                    "no pings while stopped");
            assertTrue(datagrams.stream().anyMatch(d -> d[1].equals("WATCHDOG=1") && Long.parseLong(d[0]) > resumed),
                    "pings again after SIGCONT");

            // A restart keeps the node drained: it never becomes MASTER, even without any master.
            h1.stop();
            h1.start();
            h1.awaitLog("maintenance mode is on since", Duration.ofSeconds(5));
            h2.stop();
            Instant alone = Instant.now();
            for (int q = 0; q < 28; q++) { // 7 s, more than twice the master-down interval
                Thread.sleep(250);
                assertEquals("BACKUP", h1.state(), "sample " + q);
            }
            assertFalse(h1.hasVip4());
            h1.awaitLog("no master heard, staying BACKUP (maintenance mode)", Duration.ofSeconds(1));

            assertEquals("maintenance: off", h1.ctl("maintenance", "off").requireSuccess().output().strip());
            CarpdNode.Transition back = h1.awaitTransition("MASTER", alone, Duration.ofSeconds(6));
            assertEquals("master down", back.reason());
            assertFalse(Files.exists(h1.dir().resolve("maintenance")));
            assertTrue(http(h1, "/metrics").contains("\ncarpd_maintenance 0\n"));
        }
    }
}
