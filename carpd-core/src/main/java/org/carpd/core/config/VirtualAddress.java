package org.carpd.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;

/** A virtual address with its prefix length, e.g. {@code 198.51.100.10/24}. */
public record VirtualAddress(InetAddress address, int prefixLength) {
    public VirtualAddress {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length must be 0.." + max + ": " + prefixLength);
        }
    }

    public boolean ipv6() {
        return !(address instanceof Inet4Address);
    }

    @Override
    public String toString() {
        return AddressLiteral.format(address) + "/" + prefixLength;
    }
}
