package org.carpd.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.engine.CarpState;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tick that drives the systemd watchdog comes from the protocol loop itself: at least once a
 * second while it runs, never while it is stalled (a command that hangs), and again afterwards.
 * Also the advertisement times the health endpoint shows. Root only (a lab namespace).
 */
class CarpHostTickLabTest {
    private static final long MS = 1_000_000L;

    private NetnsLab lab;
    private CarpHost host;

    @AfterEach
    void down() {
        if (host != null) {
            host.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private record Tick(long at, String thread) {
    }

    @Test
    void ticksComeFromTheProtocolLoopAndStopWhileItIsStalled() throws Exception {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(1);
        LabHost h1 = lab.host(1);
        var cfg = ConfigParser.parse("test", "carp0 carpdev eth0 vhid 1 advbase 1 pass pw 198.18.0.10/24\n");
        host = h1.runInNamespace(() -> CarpHost.start(cfg, 1, java.util.Map.of(), new HostListener() { },
                e -> e.setMaintenance(System.nanoTime(), false)));
        List<Tick> ticks = new CopyOnWriteArrayList<>();
        host.onTick(now -> ticks.add(new Tick(now, Thread.currentThread().getName())));
        Thread.sleep(3500);
        assertTrue(ticks.size() >= 3, "at least one tick a second: " + ticks.size());
        assertTrue(ticks.stream().allMatch(t -> t.thread().equals("carpd-protocol")), ticks.toString());
        for (int i = 1; i < ticks.size(); i++) {
            long gap = ticks.get(i).at() - ticks.get(i - 1).at();
            assertTrue(gap <= 1100 * MS, "gap " + gap / MS + " ms between ticks");
        }
        // A hung protocol thread: a command that takes 3 s.
        long stallStart = System.nanoTime();
        int before = ticks.size();
        long stallEnd = host.call(e -> {
            sleep(3000);
            return System.nanoTime();
        });
        long during = ticks.stream().filter(t -> t.at() > stallStart + 50 * MS && t.at() < stallEnd).count();
        assertEquals(0, during, "no tick while the protocol thread is stalled");
        Thread.sleep(1500);
        assertTrue(ticks.stream().anyMatch(t -> t.at() >= stallEnd), "ticks resume after the stall");
        assertTrue(ticks.size() > before);
        // The master (alone, after 3 s) advertises: the health endpoint's "last sent".
        assertEquals(CarpState.MASTER, host.call(e -> e.state("carp0")));
        long sinceSent = host.call(e -> System.nanoTime() - e.lastSent("carp0").orElseThrow());
        assertTrue(sinceSent < 1200 * MS, "last advertisement sent " + sinceSent / MS + " ms ago");
        assertTrue(host.call(e -> e.lastHeard("carp0")).isEmpty(), "alone: nothing heard");
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
