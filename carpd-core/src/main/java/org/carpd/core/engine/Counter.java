package org.carpd.core.engine;

import org.carpd.core.wire.DropReason;

/** The statistics carpd keeps, a superset of OpenBSD's {@code netstat -s -p carp}. */
public enum Counter {
    IPV4_RECEIVED("packets received (IPv4)"),
    IPV6_RECEIVED("packets received (IPv6)"),
    BAD_TTL("discarded for bad TTL"),
    BAD_LENGTH("discarded for bad length"),
    BAD_CHECKSUM("discarded for bad checksum"),
    BAD_VERSION("discarded for bad version"),
    BAD_VHID("discarded for unknown vhid"),
    BAD_AUTH("discarded for bad authentication"),
    BAD_INTERFACE("discarded for bad interface"),
    REPLAY("discarded as replays"),
    BELOW_MARK_ACCEPTED("accepted below the replay mark (an older chain)"),
    OWN_PACKET("own advertisements looped back"),
    VRRP("VRRP packets (keepalived or a router) seen"),
    NOT_A_PEER("discarded from a source that is not a carppeer"),
    IPV4_SENT("packets sent (IPv4)"),
    IPV6_SENT("packets sent (IPv6)"),
    SEND_FAILURES("send failures"),
    AUTH_FAILURES_AS_MASTER("failed authentication while MASTER"),
    TRANSITIONS("state transitions");

    private final String description;

    Counter(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The counter a dropped packet goes to. */
    public static Counter of(DropReason reason) {
        return switch (reason) {
            case BAD_LENGTH -> BAD_LENGTH;
            case BAD_TTL -> BAD_TTL;
            case BAD_CHECKSUM -> BAD_CHECKSUM;
            case BAD_VERSION -> BAD_VERSION;
            case BAD_VHID -> BAD_VHID;
            case BAD_AUTH -> BAD_AUTH;
            case BAD_INTERFACE -> BAD_INTERFACE;
            case REPLAY -> REPLAY;
            case OWN_PACKET -> OWN_PACKET;
            case VRRP -> VRRP;
            case NOT_A_PEER -> NOT_A_PEER;
        };
    }
}
