package org.carpd.core.wire;

import java.net.InetAddress;

/** The outcome of decoding a frame: an advertisement or the reason it was dropped. */
public sealed interface DecodeResult {

    /** A well-formed advertisement with a valid checksum and TTL 255; not yet authenticated. */
    record Accepted(ReceivedAdvertisement packet) implements DecodeResult {
    }

    /**
     * A dropped packet; {@code detail} is short, safe to log, and never contains secrets.
     * {@code source} is the IP source address when the frame held a whole IP header (of the right
     * version), else null.
     */
    record Rejected(DropReason reason, String detail, InetAddress source) implements DecodeResult {
        public Rejected(DropReason reason, String detail) {
            this(reason, detail, null);
        }
    }
}
