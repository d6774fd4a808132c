package org.carpd.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One carp interface (one vhid on one parent interface), as ifconfig would describe it:
 * {@code carp0 carpdev eth0 vhid 1 advbase 1 advskew 0 pass-file /etc/carpd/carp0.key 198.51.100.10/24}.
 *
 * @param name       the carp interface name, e.g. {@code carp0}
 * @param carpdev    the parent interface the advertisements go out on
 * @param vhid       1..255
 * @param advbase    seconds, 0..254 (255 is reserved for bowing out)
 * @param advskew    0..254
 * @param passphrase the key, when given inline or already read from {@code passFile}
 * @param passFile   where the daemon reads the key from, if configured that way
 * @param addresses  the virtual addresses, IPv4 and IPv6 mixed, in configuration order
 * @param groups     interface groups for shared demotion; always contains {@code carp}
 * @param up         administratively up ({@code up}/{@code down})
 * @param hooks      this interface's own hooks (fall back to the global ones when absent)
 * @param compat     demotion encoding and master-down formula, for groups with other peers
 * @param peers      unicast peers ({@code carppeer}) and the least TTL accepted from them
 * @param lladdr     the carp interface's MAC: its own (a macvlan) or the carpdev's
 * @param balancing  carpnodes and load balancing; {@link Balancing#NONE} for one vhid. When balanced,
 *                   {@code vhid} and {@code advskew} are those of the first carpnode
 */
public record CarpInterfaceConfig(String name, String carpdev, int vhid, int advbase, int advskew,
                                  Passphrase passphrase, Optional<String> passFile,
                                  List<VirtualAddress> addresses, List<String> groups, boolean up,
                                  Hooks hooks, PeerCompat compat, UnicastPeers peers, LinkAddress lladdr,
                                  Balancing balancing) {
    public static final int DEFAULT_ADVBASE = 1;
    public static final int DEFAULT_ADVSKEW = 0;
    public static final String DEFAULT_GROUP = "carp";

    public CarpInterfaceConfig {
        java.util.Objects.requireNonNull(peers, "peers");
        java.util.Objects.requireNonNull(lladdr, "lladdr");
        addresses = List.copyOf(addresses);
        groups = List.copyOf(groups);
        if (balancing == null) {
            balancing = Balancing.NONE;
        }
    }

    /** Not balanced. */
    public CarpInterfaceConfig(String name, String carpdev, int vhid, int advbase, int advskew,
                               Passphrase passphrase, Optional<String> passFile,
                               List<VirtualAddress> addresses, List<String> groups, boolean up, Hooks hooks,
                               PeerCompat compat, UnicastPeers peers, LinkAddress lladdr) {
        this(name, carpdev, vhid, advbase, advskew, passphrase, passFile, addresses, groups, up, hooks, compat,
                peers, lladdr, Balancing.NONE);
    }

    /** Not balanced, with the default {@link LinkAddress}. */
    public CarpInterfaceConfig(String name, String carpdev, int vhid, int advbase, int advskew,
                               Passphrase passphrase, Optional<String> passFile,
                               List<VirtualAddress> addresses, List<String> groups, boolean up, Hooks hooks,
                               PeerCompat compat, UnicastPeers peers) {
        this(name, carpdev, vhid, advbase, advskew, passphrase, passFile, addresses, groups, up, hooks, compat,
                peers, LinkAddress.DEFAULT);
    }

    /** Not balanced, without unicast peers, with the default {@link LinkAddress}. */
    public CarpInterfaceConfig(String name, String carpdev, int vhid, int advbase, int advskew,
                               Passphrase passphrase, Optional<String> passFile,
                               List<VirtualAddress> addresses, List<String> groups, boolean up, Hooks hooks,
                               PeerCompat compat) {
        this(name, carpdev, vhid, advbase, advskew, passphrase, passFile, addresses, groups, up, hooks, compat,
                UnicastPeers.NONE, LinkAddress.DEFAULT);
    }

    /** With the default {@link PeerCompat}. */
    public CarpInterfaceConfig(String name, String carpdev, int vhid, int advbase, int advskew,
                               Passphrase passphrase, Optional<String> passFile,
                               List<VirtualAddress> addresses, List<String> groups, boolean up, Hooks hooks) {
        this(name, carpdev, vhid, advbase, advskew, passphrase, passFile, addresses, groups, up, hooks,
                PeerCompat.DEFAULT);
    }

    /** The same interface with the key read from its pass-file. */
    public CarpInterfaceConfig withPassphrase(Passphrase key) {
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, advskew, key, passFile,
                addresses, groups, up, hooks, compat, peers, lladdr, balancing);
    }

    public CarpInterfaceConfig withAdvskew(int skew) {
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, skew, passphrase, passFile,
                addresses, groups, up, hooks, compat, peers, lladdr, balancing);
    }

    public CarpInterfaceConfig withCompat(PeerCompat peerCompat) {
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, advskew, passphrase, passFile,
                addresses, groups, up, hooks, peerCompat, peers, lladdr, balancing);
    }

    public CarpInterfaceConfig withUp(boolean isUp) {
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, advskew, passphrase, passFile,
                addresses, groups, isUp, hooks, compat, peers, lladdr, balancing);
    }

    public CarpInterfaceConfig withPeers(UnicastPeers unicastPeers) {
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, advskew, passphrase, passFile,
                addresses, groups, up, hooks, compat, unicastPeers, lladdr, balancing);
    }

    public CarpInterfaceConfig withLladdr(LinkAddress linkAddress) {
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, advskew, passphrase, passFile,
                addresses, groups, up, hooks, compat, peers, linkAddress, balancing);
    }

    /** The same interface with other carpnodes or balancing; vhid and advskew follow the first carpnode. */
    public CarpInterfaceConfig withBalancing(Balancing next) {
        int v = next.balanced() ? next.nodes().get(0).vhid() : vhid;
        int s = next.balanced() ? next.nodes().get(0).advskew() : advskew;
        return new CarpInterfaceConfig(name, carpdev, v, advbase, s, passphrase, passFile,
                addresses, groups, up, hooks, compat, peers, lladdr, next);
    }

    /** One carpnode's election as an ordinary vhid of this interface (same addresses, key, timing). */
    public CarpInterfaceConfig forNode(Balancing.CarpNode node) {
        return new CarpInterfaceConfig(name, carpdev, node.vhid(), advbase, node.advskew(), passphrase, passFile,
                addresses, groups, up, hooks, compat, peers, lladdr, balancing);
    }
}
