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
 * @param rtPriority     SCHED_RR priority (1..99) of the threads on the packet path, 0 for normal
 *                       scheduling; read at start
 * @param syncDemote     the demotion held at start until the state tables are synchronised
 */
public record GlobalConfig(boolean preempt, ReplayPolicy replay, int announceRepeat, Hooks hooks,
                           Optional<MetricsEndpoint> metrics, int rtPriority, SyncDemote syncDemote) {
    /** As keepalived's vrrp_rt_priority: above every normal thread, below the kernel's own real-time threads (50, 99). */
    public static final int DEFAULT_RT_PRIORITY = 10;
    public static final GlobalConfig DEFAULTS = new GlobalConfig(false, ReplayPolicy.AUTO, 2, Hooks.NONE,
            Optional.empty());

    public GlobalConfig {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(syncDemote, "syncDemote");
        if (announceRepeat < 0 || announceRepeat > 10) {
            throw new IllegalArgumentException("announce-repeat must be 0..10: " + announceRepeat);
        }
        if (rtPriority < 0 || rtPriority > 99) {
            throw new IllegalArgumentException("rt-priority must be 0..99: " + rtPriority);
        }
    }

    /** Without a sync demotion. */
    public GlobalConfig(boolean preempt, ReplayPolicy replay, int announceRepeat, Hooks hooks,
                        Optional<MetricsEndpoint> metrics, int rtPriority) {
        this(preempt, replay, announceRepeat, hooks, metrics, rtPriority, SyncDemote.OFF);
    }

    /** With the default rt-priority, without a sync demotion. */
    public GlobalConfig(boolean preempt, ReplayPolicy replay, int announceRepeat, Hooks hooks,
                        Optional<MetricsEndpoint> metrics) {
        this(preempt, replay, announceRepeat, hooks, metrics, DEFAULT_RT_PRIORITY, SyncDemote.OFF);
    }
}
