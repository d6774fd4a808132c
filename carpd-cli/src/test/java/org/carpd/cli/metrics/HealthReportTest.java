package org.carpd.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.MetricsEndpoint;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.junit.jupiter.api.Test;

/** {@code GET /health}: the JSON, and 200 or 503 by whether the protocol thread answered. */
class HealthReportTest {
    private static final long S = 1_000_000_000L;

    @Test
    void reportsEachVhidWithTheTimeSinceItsLastAdvertisement() throws Exception {
        CarpEngine engine = new CarpEngine(ConfigParser.parse("f",
                "carp0 carpdev eth0 vhid 1 pass x 198.18.0.10/24\ncarp1 carpdev eth0 vhid 2 pass x 198.18.0.11/24\n"),
                1, RandomGenerator.of("L64X128MixRandom"));
        engine.onSendResult(10 * S, new Action.Transmit("eth0", "carp0", false, new byte[1]), true);
        engine.onSendResult(11 * S, new Action.Transmit("eth0", "carp1", false, new byte[1]), false);
        HealthReport r = HealthReport.of(engine, 12 * S + 250_000_000L, false);
        assertEquals(200, r.httpStatus());
        assertTrue(r.ready());
        assertEquals("{\"alive\":true,\"ready\":true,\"maintenance\":false,\"sync_pending\":false,\"vhids\":["
                + "{\"interface\":\"carp0\",\"vhid\":1,\"carpdev\":\"eth0\",\"state\":\"INIT\",\"demote\":0,"
                + "\"last_sent_seconds_ago\":2.250,\"last_heard_seconds_ago\":null},"
                + "{\"interface\":\"carp1\",\"vhid\":2,\"carpdev\":\"eth0\",\"state\":\"INIT\",\"demote\":0,"
                + "\"last_sent_seconds_ago\":null,\"last_heard_seconds_ago\":null}]}\n", r.json(),
                "a failed send is no advertisement sent");
        engine.setMaintenance(13 * S, true);
        HealthReport drained = HealthReport.of(engine, 13 * S, true);
        assertFalse(drained.ready(), "alive but not ready in maintenance");
        assertEquals(200, drained.httpStatus());
        assertTrue(drained.json().contains("\"maintenance\":true,\"sync_pending\":true"), drained.json());
    }

    @Test
    void servedAs200WhenAliveAnd503WhenTheProtocolThreadDoesNotAnswer() throws Exception {
        AtomicReference<HealthReport> report = new AtomicReference<>(new HealthReport(true, false, false, List.of()));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (MetricsServer server = MetricsServer.start(new InetSocketAddress(loopback, 0),
                new MetricsEndpoint(loopback, 9512), PrometheusFormatTest::sample, report::get)) {
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/health");
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
            assertEquals("{\"alive\":true,\"ready\":true,\"maintenance\":false,\"sync_pending\":false,\"vhids\":[]}\n",
                    ok.body());
            report.set(HealthReport.unavailable(true, false));
            HttpResponse<String> down = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, down.statusCode());
            assertEquals("{\"alive\":false,\"ready\":false,\"maintenance\":true,\"sync_pending\":false,"
                    + "\"error\":\"the protocol thread did not answer\",\"vhids\":[]}\n", down.body());
            assertEquals(405, client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
