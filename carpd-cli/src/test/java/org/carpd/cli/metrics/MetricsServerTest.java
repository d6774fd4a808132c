package org.carpd.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.carpd.core.config.MetricsEndpoint;
import org.junit.jupiter.api.Test;

/** The real HTTP server on an ephemeral loopback port, with a fake data source. */
class MetricsServerTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(MetricsServer server, String path, String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static MetricsServer start(MetricsServer.Source source) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        return MetricsServer.start(new InetSocketAddress(loopback, 0), new MetricsEndpoint(loopback, 9512), source);
    }

    @Test
    void scrapesMetricsFromTheSource() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsServer server = start(() -> {
            scrapes.incrementAndGet();
            return PrometheusFormatTest.sample();
        })) {
            HttpResponse<String> r = get(server, "/metrics", "GET");
            assertEquals(200, r.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertEquals(PrometheusFormat.render(PrometheusFormatTest.sample()), r.body());
            assertTrue(r.body().contains("carpd_vhid_state{interface=\"carp0\",vhid=\"1\",carpdev=\"eth0\"} 2"));
            assertEquals(1, scrapes.get());

            assertEquals(404, get(server, "/", "GET").statusCode());
            assertEquals(405, get(server, "/metrics", "POST").statusCode());
            assertEquals(1, scrapes.get(), "only GET /metrics asks the source");
        }
    }

    @Test
    void answers503WhenTheSourceDoesNotAnswer() throws Exception {
        try (MetricsServer server = start(() -> {
            throw new java.util.concurrent.ExecutionException(new IllegalStateException("timeout"));
        })) {
            HttpResponse<String> r = get(server, "/metrics", "GET");
            assertEquals(503, r.statusCode());
        }
    }

    @Test
    void closeFreesThePort() throws Exception {
        MetricsServer server = start(PrometheusFormatTest::sample);
        int port = server.address().getPort();
        server.close();
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()));
    }
}
