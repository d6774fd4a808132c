package org.carpd.core.wire;

/**
 * Why a received packet was dropped. The first group mirrors the counters OpenBSD keeps
 * ({@code netstat -s -p carp}); the rest are carpd's additions.
 */
public enum DropReason {
    /** Too short for its headers, or IP/CARP lengths disagree. */
    BAD_LENGTH("bad length"),
    /** TTL or hop limit is not 255: the packet was routed. */
    BAD_TTL("bad TTL"),
    /** CARP checksum (or IPv4 header checksum) does not verify. */
    BAD_CHECKSUM("bad checksum"),
    /** CARP version is not 2, or the type is not advertisement. */
    BAD_VERSION("bad version"),
    /** No carp interface here has this vhid on the receiving carpdev. */
    BAD_VHID("bad vhid"),
    /** The HMAC does not match: passphrase or address list differ. */
    BAD_AUTH("incorrect hash: check pass and address list"),
    /** Arrived on an interface that has no carp interface, or is not IP protocol 112. */
    BAD_INTERFACE("bad interface"),
    /** The counter is not greater than the last one accepted from this sender. */
    REPLAY("replayed counter"),
    /** One of our own advertisements came back to us. */
    OWN_PACKET("own advertisement looped back"),
    /** A VRRP (v2 or v3) packet: keepalived or a router shares IP protocol 112 on this segment. */
    VRRP("VRRP packet"),
    /** The vhid has unicast peers of this family and the source is none of them. */
    NOT_A_PEER("unknown source (not a carppeer)");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    /** Human-readable, for logs and carpctl. */
    public String description() {
        return description;
    }
}
