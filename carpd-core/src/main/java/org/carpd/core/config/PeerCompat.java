package org.carpd.core.config;

/**
 * How a carp interface meets peers that are not carpd, per vhid (the other members of a vhid are
 * what matters).
 *
 * @param demoteMode how our demotion goes on the wire
 * @param masterDown which master-down formula our backup uses
 */
public record PeerCompat(DemoteMode demoteMode, MasterDown masterDown) {
    public static final PeerCompat DEFAULT = new PeerCompat(DemoteMode.BOTH, MasterDown.OPENBSD);

    /** Where a demoted carpd puts its demotion in the advertisements it sends. */
    public enum DemoteMode {
        /** In the demote byte only, as OpenBSD: FreeBSD and ucarp receivers ignore it. */
        OPENBSD,
        /** advskew 240 while demoted (or the configured one if higher), demote byte 0, as FreeBSD. */
        ADVSKEW,
        /** Both: every peer sees it (OpenBSD compares the byte first, the others the advskew). */
        BOTH
    }

    /** How long a backup waits for the master, in advertisement terms. */
    public enum MasterDown {
        /** Current OpenBSD: 3 x (advbase + advskew/256). */
        OPENBSD,
        /** FreeBSD, NetBSD, older OpenBSD and ucarp: 3 x advbase + advskew/256. */
        FREEBSD
    }
}
