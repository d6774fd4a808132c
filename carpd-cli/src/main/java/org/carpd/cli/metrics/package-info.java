/**
 * The optional Prometheus endpoint ({@code set metrics 127.0.0.1:9512}): a
 * {@link org.carpd.cli.metrics.MetricsSnapshot} taken on the protocol thread, rendered by
 * {@link org.carpd.cli.metrics.PrometheusFormat} and served by
 * {@link org.carpd.cli.metrics.MetricsServer} (the JDK's {@code com.sun.net.httpserver}, on its
 * own thread); {@code GET /health} answers a {@link org.carpd.cli.metrics.HealthReport}.
 */
package org.carpd.cli.metrics;
