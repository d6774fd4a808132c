package org.carpd.core.config;

/** How a receiver treats an advertisement counter that does not increase. */
public enum ReplayPolicy {
    /** Reject any counter not greater than the last accepted from that sender for that vhid. */
    STRICT,
    /**
     * Enforce only for senders whose counters have been increasing (carpd), so that ucarp
     * (random counters) and OpenBSD (fixed cookie) still interoperate. The default.
     */
    AUTO,
    /** No replay check, as in OpenBSD and ucarp. */
    OFF
}
