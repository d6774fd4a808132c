package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.List;

/** What a vhid ({@link VirtualHost}) needs from the engine around it. */
interface VhostEnvironment {
    /** Our demotion: the sum of this interface's groups' counters. */
    int demote(VirtualHost vh);

    boolean preempt();

    /** The node is in maintenance: no vhid may become MASTER. */
    boolean maintenance();

    int announceRepeat();

    /**
     * Our own source address on the carpdev towards {@code other} (its family, and for IPv6
     * with unicast peers its scope), or null; for tie breaks.
     */
    InetAddress localSource(VirtualHost vh, InetAddress other);

    /** Encode, sign and queue the advertisement frames. */
    void transmit(long now, VirtualHost vh, int advbase, int advskew, int demote);

    /** Adds {@code delta} to the demotion counter of each of {@code groups}. */
    void adjustDemotion(long now, List<String> groups, int delta, String why);

    void emit(Action action);
}
