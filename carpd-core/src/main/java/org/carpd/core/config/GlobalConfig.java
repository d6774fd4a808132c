package org.carpd.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Settings that apply to every carp interface ({@code set ...} lines).
 *
 * @param preempt        take over from a master that advertises slower (OpenBSD's
 *                       net.inet.carp.preempt); off by default
 * @param replay         replay protection for received advertisements
 * @param announceRepeat how many times gratuitous ARP / neighbour advertisements are repeated
 *                       after the first one on becoming MASTER, one advertisement interval apart
 * @param hooks          hooks for carp interfaces that have none of their own
 * @param metrics        where to serve Prometheus metrics; empty (the default) serves none
 * @param syncDemote     the demotion held at start until the state tables are synchronised
 */
public record GlobalConfig(boolean preempt, ReplayPolicy replay, int announceRepeat, Hooks hooks,
                           Optional<MetricsEndpoint> metrics, SyncDemote syncDemote) {
    public static final GlobalConfig DEFAULTS = new GlobalConfig(false, ReplayPolicy.AUTO, 2, Hooks.NONE,
            Optional.empty());

    /** Without a sync demotion. */
    public GlobalConfig(boolean preempt, ReplayPolicy replay, int announceRepeat, Hooks hooks,
                        Optional<MetricsEndpoint> metrics) {
        this(preempt, replay, announceRepeat, hooks, metrics, SyncDemote.OFF);
    }

    public GlobalConfig {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(syncDemote, "syncDemote");
        if (announceRepeat < 0 || announceRepeat > 10) {
            throw new IllegalArgumentException("announce-repeat must be 0..10: " + announceRepeat);
        }
    }
}
