package org.carpd.cli.carp;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Remembers which VRRP routers (router id and source, per carpdev) were already reported, so
 * that each is logged once and then only counted. Bounded, because sources can be spoofed: past
 * {@link #LIMIT} routers, new ones are no longer reported (the counter still counts them).
 */
final class VrrpSightings {
    static final int LIMIT = 256;

    private final Set<String> seen = new HashSet<>();

    /** True the first time this router is seen here (and while there is room to remember it). */
    synchronized boolean first(String carpdev, String detail, InetAddress source) {
        if (seen.size() >= LIMIT) {
            return false;
        }
        return seen.add(carpdev + " " + detail + " " + (source == null ? "?" : source.getHostAddress()));
    }
}
