/**
 * The seam between the product shell (CarpdMain: options, logging, signals, control socket,
 * systemd) and the daemon proper (engine plus event loop, written separately). The daemon
 * provides a {@link org.carpd.cli.daemon.DaemonFactory} as a {@link java.util.ServiceLoader}
 * service (file {@code META-INF/services/org.carpd.cli.daemon.DaemonFactory}).
 */
package org.carpd.cli.daemon;
