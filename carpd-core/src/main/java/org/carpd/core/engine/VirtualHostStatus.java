package org.carpd.core.engine;

import java.util.List;
import org.carpd.core.config.UnicastPeers;
import org.carpd.core.config.VirtualAddress;

/** A snapshot of one carp interface, for carpctl and metrics. */
public record VirtualHostStatus(String name, String carpdev, int vhid, CarpState state, int advbase,
                                int advskew, int demote, boolean up, boolean carpdevUp,
                                List<VirtualAddress> addresses, UnicastPeers peers) {
    /** Without unicast peers. */
    public VirtualHostStatus(String name, String carpdev, int vhid, CarpState state, int advbase,
                             int advskew, int demote, boolean up, boolean carpdevUp,
                             List<VirtualAddress> addresses) {
        this(name, carpdev, vhid, state, advbase, advskew, demote, up, carpdevUp, addresses, UnicastPeers.NONE);
    }
}
