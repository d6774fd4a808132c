package org.carpd.cli.carp;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.carpd.cli.metrics.HealthReport;
import org.carpd.cli.metrics.MetricsServer;
import org.carpd.cli.metrics.MetricsSnapshot;
import org.carpd.cli.track.TrackerStatus;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.MetricsEndpoint;
import org.carpd.net.host.CarpHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code set metrics} endpoint: {@code GET /metrics} and {@code GET /health}, started, moved
 * or stopped to match the configuration. A failure to bind is logged, not fatal: CARP matters
 * more than its statistics.
 */
final class MonitoringEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");
    /** A scrape waits at most this long for the protocol thread, then gets 503. */
    static final Duration TIMEOUT = Duration.ofMillis(500);

    private final CarpHost host;
    private final BooleanSupplier maintenance;
    private final BooleanSupplier syncPending;
    private final Supplier<List<TrackerStatus>> trackers;
    private MetricsServer server;

    MonitoringEndpoint(CarpHost host, BooleanSupplier maintenance, BooleanSupplier syncPending,
                       Supplier<List<TrackerStatus>> trackers) {
        this.host = host;
        this.maintenance = maintenance;
        this.syncPending = syncPending;
        this.trackers = trackers;
    }

    synchronized void update(CarpdConfig config) {
        Optional<MetricsEndpoint> wanted = config.global().metrics();
        if (server != null && wanted.isPresent() && server.endpoint().equals(wanted.get())) {
            return;
        }
        if (server != null) {
            server.close();
            server = null;
            LOG.info("metrics endpoint stopped");
        }
        if (wanted.isPresent()) {
            try {
                server = MetricsServer.start(wanted.get(),
                        () -> host.call(MetricsSnapshot::of, TIMEOUT).withFloodDrops(host.floodDrops(false))
                                .withTrackers(trackers.get()),
                        this::health);
                LOG.info("metrics on http://{}/metrics, health on http://{}/health", wanted.get(), wanted.get());
            } catch (java.io.IOException e) {
                LOG.error("cannot serve metrics on {}: {}", wanted.get(), e.getMessage());
            }
        }
    }

    /** 200 with every vhid when the protocol thread answers within {@link #TIMEOUT}, else 503. */
    HealthReport health() {
        boolean sync = syncPending.getAsBoolean();
        try {
            return host.call(e -> HealthReport.of(e, System.nanoTime(), sync), TIMEOUT);
        } catch (ExecutionException e) {
            LOG.warn("health: the protocol thread did not answer: {}", e.getCause().getMessage());
            return HealthReport.unavailable(maintenance.getAsBoolean(), sync);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthReport.unavailable(maintenance.getAsBoolean(), sync);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
