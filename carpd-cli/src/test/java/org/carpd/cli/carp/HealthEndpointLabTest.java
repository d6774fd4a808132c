package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.carpd.cli.metrics.HealthReport;
import org.carpd.core.config.ConfigParser;
import org.carpd.net.host.CarpHost;
import org.carpd.net.host.HostListener;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health report of a real protocol thread: alive with each vhid while it runs, 503 while it
 * is stalled (a command that hangs), alive again afterwards. Root only (a lab namespace).
 */
class HealthEndpointLabTest {
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

    @Test
    void aStalledProtocolThreadIsReportedAs503() throws Exception {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(1);
        var cfg = ConfigParser.parse("test", "carp0 carpdev eth0 vhid 1 advbase 1 pass pw 198.18.0.10/24\n");
        host = lab.host(1).runInNamespace(() -> CarpHost.start(cfg, 1, java.util.Map.of(), new HostListener() { }));
        MonitoringEndpoint endpoint = new MonitoringEndpoint(host, () -> false, () -> false, java.util.List::of);
        HealthReport first = endpoint.health();
        assertEquals(200, first.httpStatus());
        assertEquals(1, first.vhids().size());
        assertEquals("BACKUP", first.vhids().get(0).state());
        TimeUnit.MILLISECONDS.sleep(4000); // alone: MASTER after 3 s, then advertising every second
        HealthReport master = endpoint.health();
        assertEquals("MASTER", master.vhids().get(0).state());
        assertTrue(master.vhids().get(0).sinceSent() >= 0 && master.vhids().get(0).sinceSent() < 1_200_000_000L,
                master.json());

        CompletableFuture<Void> stall = CompletableFuture.runAsync(() -> {
            try {
                host.call(e -> {
                    try {
                        TimeUnit.MILLISECONDS.sleep(2500);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(300);
        long asked = System.nanoTime();
        HealthReport stalled = endpoint.health();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertEquals(503, stalled.httpStatus(), stalled.json());
        assertFalse(stalled.ready());
        assertTrue(took >= 450 && took < 1500, "answered after the 500 ms timeout, not later: " + took + " ms");
        stall.get(10, TimeUnit.SECONDS);
        assertEquals(200, endpoint.health().httpStatus(), "alive again");
    }
}
