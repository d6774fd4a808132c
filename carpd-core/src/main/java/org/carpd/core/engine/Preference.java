package org.carpd.core.engine;

import java.net.InetAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The election's preference between two masters, as pure functions: demotion first, then rank
 * (how often each advertises), then ucarp's tie rule on the source addresses; and how slowly a
 * master may advertise before a backup stops waiting for it.
 */
final class Preference {
    private Preference() {
    }

    /**
     * Whether a MASTER yields to another master's advertisement: a master that advertises more
     * often than us and is not more demoted, or one that is less demoted, wins. Equal on both
     * counts: ucarp's tie rule ({@code winsTie}, asked only then).
     */
    static boolean yields(int ourDemote, int ours, int theirDemote, int theirs, BooleanSupplier winsTie) {
        return theirDemote < ourDemote
                || theirDemote == ourDemote
                && (theirs < ours || theirs == ours && winsTie.getAsBoolean());
    }

    /**
     * The tie breaker, ucarp's rule: the master whose source address is the lower one stays,
     * comparing as ucarp does on little-endian hosts ({@code s_addr} read in host order, so the
     * last octet is the most significant). The BSDs always step down on a tie, so this is the
     * one rule that converges beside every peer. One family decides for the whole vhid, IPv4 if
     * it has IPv4 addresses, else IPv6 (link-local, compared the same way), so that a dual-stack
     * vhid's two advertisements cannot give opposite answers; an advertisement of the other
     * family never decides a tie.
     *
     * @param localSource our own source towards {@code sender} (see {@link VhostEnvironment#localSource})
     * @return true if the sender stays and we step down
     */
    static boolean winsTie(InetAddress sender, boolean hasIpv4, Supplier<InetAddress> localSource) {
        boolean ipv6 = sender.getAddress().length == 16;
        if (ipv6 == hasIpv4) {
            return false;
        }
        InetAddress mine = localSource.get();
        if (mine == null) {
            return true; // no address to compare: step down, as the BSDs do
        }
        // Equal addresses (carpdevs without IPv4, all sending from 0.0.0.0): everyone steps down,
        // as the BSDs do, rather than all staying MASTER.
        return compareAsUcarp(mine.getAddress(), sender.getAddress()) >= 0;
    }

    /** Compares two addresses as unsigned numbers read with the bytes reversed. */
    static int compareAsUcarp(byte[] a, byte[] b) {
        for (int i = a.length - 1; i >= 0; i--) {
            int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /**
     * An interval so long that the master would time out before its next advertisement: three of
     * our advbase plus our own advskew/256, as OpenBSD, FreeBSD and ucarp compute it. OpenBSD
     * skips this rule for advbase 0; carpd applies it with three of its own sub-second intervals,
     * so a sub-second backup does not wait out a master that advertises once a second or slower.
     *
     * @param interval our advertisement interval ({@link VirtualHost#interval()})
     */
    static long guaranteedTimeout(int advbase, int wireAdvskew, long interval) {
        return advbase > 0
                ? 3 * advbase * Interval.SECOND + wireAdvskew * Interval.SKEW_STEP
                : 3 * interval;
    }
}
