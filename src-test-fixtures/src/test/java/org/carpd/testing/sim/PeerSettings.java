package org.carpd.testing.sim;

import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.PeerCompat;

/**
 * The carpd settings a group with ucarp, FreeBSD or OpenBSD members needs (issue 7), in one
 * place.
 */
final class PeerSettings {
    private PeerSettings() {
    }

    /**
     * {@code demote-mode advskew} on this interface: a demoted carpd sends advskew 240, as
     * FreeBSD does, so FreeBSD and ucarp peers see it.
     */
    static CarpInterfaceConfig demoteModeAdvskew(CarpInterfaceConfig c) {
        return c.withCompat(new PeerCompat(PeerCompat.DemoteMode.ADVSKEW, c.compat().masterDown()));
    }

    /** {@code master-down bsd}: a backup waits 3 x advbase + advskew/256 s, as FreeBSD and ucarp do. */
    static CarpdConfig masterDownBsd(CarpdConfig c) {
        return new CarpdConfig(c.global(), c.interfaces().stream()
                .map(i -> i.withCompat(new PeerCompat(i.compat().demoteMode(), PeerCompat.MasterDown.FREEBSD)))
                .toList());
    }

    /**
     * What the operator guide tells a mixed group to set, for a carpd whose group has members of
     * these kinds (null stands for another carpd): demote-mode both, the default, so nothing to
     * change.
     */
    static CarpdConfig forPeers(CarpdConfig c, List<PeerKind> kinds) {
        return c;
    }
}
