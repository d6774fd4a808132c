package org.carpd.core.wire;

import java.net.InetAddress;

/**
 * An advertisement as it arrived: the IP and Ethernet envelope that matters to the protocol,
 * plus the raw CARP header so the HMAC can be checked without re-encoding.
 *
 * @param sourceMac   Ethernet source
 * @param source      IP source (the sender's own address on its carpdev, or its link-local)
 * @param ttl         TTL or hop limit as received (already checked to be 255)
 * @param advertisement the decoded CARP header
 */
public record ReceivedAdvertisement(MacAddress sourceMac, InetAddress source, int ttl,
                                    Advertisement advertisement) {
    public boolean ipv6() {
        return source.getAddress().length == 16;
    }
}
