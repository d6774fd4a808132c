package org.carpd.core.config;

import java.net.InetAddress;
import java.util.Set;

/** The {@code carppeer}, {@code -carppeer} words and the checks of a carp interface's peers. */
final class PeerWords {
    private static final String PEER = "a peer's IPv4 or IPv6 address (no /PREFIX)";

    private PeerWords() {
    }

    static void add(InterfaceDraft d, WordCursor in) throws ConfigException {
        Word v = in.next(PEER + " after 'carppeer'");
        InetAddress peer = parse(v, in, "carppeer");
        if (d.peers.containsKey(peer)) {
            throw in.unexpected(v, "a peer not yet of " + d.name);
        }
        d.peers.put(peer, v);
    }

    static void remove(InterfaceDraft d, WordCursor in) throws ConfigException {
        Word v = in.next(PEER + " after '-carppeer'");
        InetAddress peer = parse(v, in, "-carppeer");
        if (!d.peers.containsKey(peer)) {
            throw in.unexpected(v, "a peer of " + d.name + " after '-carppeer'");
        }
        d.peers.remove(peer);
    }

    private static InetAddress parse(Word v, WordCursor in, String keyword) throws ConfigException {
        AddressLiteral.Parsed parsed;
        try {
            parsed = AddressLiteral.parse(v.text());
        } catch (AddressLiteral.Invalid e) {
            throw in.unexpected(v, e.expected.equals(AddressLiteral.SYNTAX)
                    ? PEER + " after '" + keyword + "'" : e.expected);
        }
        if (parsed.prefixGiven()) {
            throw in.unexpected(v, PEER + " after '" + keyword + "'");
        }
        String problem = AddressLiteral.unicastProblem(parsed.toVirtualAddress());
        if (problem != null) {
            throw in.at(v, "expected a unicast peer address after '" + keyword + "', found '"
                    + WordCursor.printable(v.text()) + "' (" + problem + ")");
        }
        return parsed.address();
    }

    /**
     * Each peer is of a family the interface advertises in and is no virtual address of this
     * host; {@code peer-min-ttl} other than 255 needs a peer.
     */
    static void check(InterfaceDraft d, Set<InetAddress> virtualAddresses, String source) throws ConfigException {
        boolean v4 = d.addresses.values().stream().anyMatch(e -> !e.address().ipv6());
        boolean v6 = d.addresses.values().stream().anyMatch(e -> e.address().ipv6());
        for (var e : d.peers.entrySet()) {
            boolean ipv6 = e.getKey().getAddress().length == 16;
            if (ipv6 ? !v6 : !v4) {
                throw error(source, "expected a peer of a family " + d.name + " advertises in, found "
                        + AddressLiteral.format(e.getKey()) + " (" + d.name + " has no "
                        + (ipv6 ? "IPv6" : "IPv4") + " address)", e.getValue(), d.origin);
            }
            if (virtualAddresses.contains(e.getKey())) {
                throw error(source, "expected a peer that is another host, found "
                        + AddressLiteral.format(e.getKey()) + ", a virtual address of this configuration",
                        e.getValue(), d.origin);
            }
        }
        if (d.peers.isEmpty() && d.peerMinTtl != UnicastPeers.DEFAULT_MIN_TTL) {
            throw error(source, "expected 'carppeer ADDR' for " + d.name + " (peer-min-ttl applies to peers'"
                    + " advertisements only), found none", d.peerMinTtlWord, d.origin);
        }
    }

    private static ConfigException error(String source, String reason, Word... candidates) {
        for (Word w : candidates) {
            if (w != null) {
                return new ConfigException(source, w.line(), w.column(), reason);
            }
        }
        return new ConfigException(source, 1, 1, reason);
    }
}
