package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.UnicastPeers;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.ReceivedAdvertisement;

/** What unicast peers ({@code carppeer}) change in receiving and in the choice of source address. */
final class UnicastPeerRules {
    /** How the engine drops and counts a packet. */
    @FunctionalInterface
    interface Dropper {
        void drop(String carpdev, String carpInterface, DropReason reason, InetAddress source, String detail);
    }

    private UnicastPeerRules() {
    }

    /**
     * Whether an advertisement for the vhid of {@code c} passes the peer rules: with peers of its
     * family, its source must be one of them (else {@link DropReason#NOT_A_PEER}); a TTL below 255
     * is accepted only from a peer and down to {@code peer-min-ttl} (else {@link DropReason#BAD_TTL}).
     * The decoder let through the lowest TTL any vhid on the carpdev accepts.
     */
    static boolean accepts(Dropper dropper, CarpInterfaceConfig c, String carpdev, ReceivedAdvertisement packet) {
        List<InetAddress> peers = c.peers().of(packet.ipv6());
        int vhid = packet.advertisement().vhid();
        if (!peers.isEmpty() && !peers.contains(packet.source())) {
            dropper.drop(carpdev, c.name(), DropReason.NOT_A_PEER, packet.source(), "vhid " + vhid);
            return false;
        }
        if (packet.ttl() != AdvertisementCodec.TTL && (peers.isEmpty() || packet.ttl() < c.peers().minTtl())) {
            dropper.drop(carpdev, c.name(), DropReason.BAD_TTL, packet.source(), "vhid " + vhid + " "
                    + (packet.ipv6() ? "hop limit " : "TTL ") + packet.ttl() + (peers.isEmpty() ? ""
                    : " below peer-min-ttl " + c.peers().minTtl()));
            return false;
        }
        return true;
    }

    /**
     * Our IPv6 source towards {@code other}: the carpdev's link-local address for multicast and
     * link-local peers, its address of wider scope for the other peers (null if it has none).
     */
    static InetAddress ipv6Source(CarpdevInfo info, UnicastPeers peers, InetAddress other) {
        if (peers.of(true).isEmpty() || other.isLinkLocalAddress()) {
            return info.linkLocal().orElse(null);
        }
        return info.ipv6().orElse(null);
    }
}
