package org.carpd.core.config;

/**
 * {@code set sync-demote N [timeout SECONDS]}: at start, carpd holds a demotion of N on group
 * {@code carp} until the connection-state tables are synchronised ({@code carpctl sync done},
 * which carpd-notify's conntrackd action calls after the resync), or at most {@code timeout}
 * seconds, so that a node that comes up never takes over with an empty state table (OpenBSD's
 * pfsync demotes by 32 during its bulk update). {@link #OFF}: nothing held.
 *
 * @param demote  0 (off) or 1..255
 * @param timeoutSeconds 1..3600 when on: released then even if the sync never reports done
 */
public record SyncDemote(int demote, int timeoutSeconds) {
    public static final SyncDemote OFF = new SyncDemote(0, 0);
    public static final int DEFAULT_TIMEOUT = 60;

    public SyncDemote {
        if (demote < 0 || demote > 255) {
            throw new IllegalArgumentException("sync-demote must be 0..255: " + demote);
        }
        if (demote > 0 && (timeoutSeconds < 1 || timeoutSeconds > 3600)) {
            throw new IllegalArgumentException("sync-demote timeout must be 1..3600 s: " + timeoutSeconds);
        }
    }

    public boolean on() {
        return demote > 0;
    }

    @Override
    public String toString() {
        return on() ? demote + " timeout " + timeoutSeconds : "off";
    }
}
