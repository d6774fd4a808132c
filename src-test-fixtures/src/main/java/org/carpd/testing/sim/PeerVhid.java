package org.carpd.testing.sim;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.CarpState;
import org.carpd.core.wire.CarpAuthenticator;

/** One carp interface of a {@link PeerNode}: the softc of a BSD, the whole state of one ucarp process. */
final class PeerVhid {
    static final long NEVER = Long.MAX_VALUE;

    final CarpInterfaceConfig config;
    final CarpAuthenticator auth;
    final boolean v4;
    final boolean v6;
    CarpState state = CarpState.INIT;
    long adAt = NEVER;
    /** Master-down deadlines, [0] IPv4, [1] IPv6 (the BSDs keep one timer per family). */
    final long[] mdAt = {NEVER, NEVER};
    /** ucarp/FreeBSD: the counter; OpenBSD: the cookie. */
    long counter;
    /** ucarp/FreeBSD: no valid advertisement heard yet, so the next counter is random. */
    boolean initCounter = true;
    int sendErrors;
    int sendSuccesses;
    /** The carpdev-down demotion this vhid holds (OpenBSD, FreeBSD). */
    boolean suppressed;
    /** ucarp: carp_suppress_preempt of this process. */
    int suppressPreempt;

    PeerVhid(CarpInterfaceConfig config) {
        this.config = config;
        List<InetAddress> ips = new ArrayList<>();
        config.addresses().forEach(a -> ips.add(a.address()));
        this.auth = new CarpAuthenticator(config.passphrase().bytes(), config.vhid(), ips);
        this.v4 = config.addresses().stream().anyMatch(a -> !a.ipv6());
        this.v6 = config.addresses().stream().anyMatch(VirtualAddress::ipv6);
    }

    int advbase() {
        return config.advbase();
    }

    int advskew() {
        return config.advskew();
    }
}
