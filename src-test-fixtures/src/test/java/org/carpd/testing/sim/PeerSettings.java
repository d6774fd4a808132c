package org.carpd.testing.sim;

import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;

/**
 * The carpd settings a group with ucarp, FreeBSD or OpenBSD members needs (issue 7), in one
 * place. The settings do not exist yet on this branch: each method returns its input unchanged
 * until the engine change lands, and the tests that need them fail until then.
 */
final class PeerSettings {
    private PeerSettings() {
    }

    /**
     * {@code demote-mode advskew} on this interface: a demoted carpd adds its demotion to the
     * advskew it sends (capped at 240), as FreeBSD does, so FreeBSD and ucarp peers see it.
     */
    static CarpInterfaceConfig demoteModeAdvskew(CarpInterfaceConfig c) {
        // TODO(issue 7, lead): return c with demote-mode advskew once CarpInterfaceConfig has it.
        return c;
    }

    /** {@code master-down bsd}: a backup waits 3 x advbase + advskew/256 s, as FreeBSD and ucarp do. */
    static CarpdConfig masterDownBsd(CarpdConfig c) {
        // TODO(issue 7, lead): return c with master-down bsd once the setting exists.
        return c;
    }

    /**
     * What the operator guide tells a mixed group to set, for a carpd whose group has members of
     * these kinds (null stands for another carpd): demote-mode both beside ucarp or FreeBSD.
     */
    static CarpdConfig forPeers(CarpdConfig c, List<PeerKind> kinds) {
        // TODO(issue 7, lead): demote-mode both on every interface when kinds contains UCARP or FREEBSD.
        return c;
    }
}
