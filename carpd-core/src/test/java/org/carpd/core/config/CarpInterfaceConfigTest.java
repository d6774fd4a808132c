package org.carpd.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CarpInterfaceConfigTest {

    private static final PeerCompat FREEBSD =
            new PeerCompat(PeerCompat.DemoteMode.ADVSKEW, PeerCompat.MasterDown.FREEBSD);

    @Test
    void everyWitherKeepsThePeerCompatibility() {
        CarpInterfaceConfig c = new CarpInterfaceConfig("carp0", "eth0", 1, 1, 0, null, Optional.empty(),
                List.of(), List.of("carp"), true, Hooks.NONE, FREEBSD);
        assertEquals(FREEBSD, c.withUp(false).compat());
        assertEquals(FREEBSD, c.withAdvskew(5).compat());
        assertEquals(FREEBSD, c.withPassphrase(null).compat());
    }
}
