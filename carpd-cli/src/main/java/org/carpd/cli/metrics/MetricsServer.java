package org.carpd.cli.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.carpd.core.config.MetricsEndpoint;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} on a loopback address with the JDK's HTTP server, one request at a
 * time on its own thread ({@code carpd-metrics}), so a slow scraper never touches the protocol.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** Where a scrape gets its numbers; may block briefly, throws if they are not available. */
    @FunctionalInterface
    public interface Source {
        MetricsSnapshot snapshot() throws Exception;
    }

    /** What {@code GET /health} reports; never throws (an unavailable protocol thread is a report too). */
    @FunctionalInterface
    public interface HealthSource {
        HealthReport report();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final MetricsEndpoint endpoint;

    private MetricsServer(HttpServer server, ExecutorService executor, MetricsEndpoint endpoint) {
        this.server = server;
        this.executor = executor;
        this.endpoint = endpoint;
    }

    /** Binds {@code endpoint} (port 0 is not allowed by the config, but works here for tests). */
    public static MetricsServer start(MetricsEndpoint endpoint, Source source, HealthSource health) throws IOException {
        return start(new InetSocketAddress(endpoint.address(), endpoint.port()), endpoint, source, health);
    }

    /** For tests: binds any address, e.g. an ephemeral loopback port; without a health source /health is 404. */
    public static MetricsServer start(InetSocketAddress bind, MetricsEndpoint configured, Source source)
            throws IOException {
        return start(bind, configured, source, null);
    }

    /** For tests: binds any address, e.g. an ephemeral loopback port. */
    public static MetricsServer start(InetSocketAddress bind, MetricsEndpoint configured, Source source,
                                      HealthSource health) throws IOException {
        HttpServer server = HttpServer.create(bind, 8);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(Realtime.asOtherThread(r), "carpd-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, source, health));
        server.start();
        return new MetricsServer(server, executor, configured);
    }

    private static void handle(HttpExchange exchange, Source source, HealthSource health) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean isHealth = path.equals("/health") && health != null;
            if (!path.equals("/metrics") && !isHealth) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n", true);
                return;
            }
            boolean head = exchange.getRequestMethod().equals("HEAD");
            if (!head && !exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", true);
                return;
            }
            if (isHealth) {
                HealthReport report = health.report();
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                reply(exchange, report.httpStatus(), "application/json", report.json(), !head);
                return;
            }
            String body;
            try {
                body = PrometheusFormat.render(source.snapshot());
            } catch (Exception e) {
                LOG.warn("metrics: no data: {}", e.getMessage());
                reply(exchange, 503, "text/plain; charset=utf-8", "carpd did not answer in time\n", true);
                return;
            }
            reply(exchange, 200, PrometheusFormat.CONTENT_TYPE, body, !head);
        }
    }

    private static void reply(HttpExchange exchange, int status, String type, String body, boolean withBody)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, withBody ? bytes.length : -1);
        if (withBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The configured endpoint this server was started for. */
    public MetricsEndpoint endpoint() {
        return endpoint;
    }

    /** The bound address (with the real port when started on port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
