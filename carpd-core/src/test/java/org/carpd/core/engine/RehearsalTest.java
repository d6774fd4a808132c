package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.wire.DropReason;
import org.junit.jupiter.api.Test;

/** The rehearsal walks the paths a real takeover, real traffic and a shutdown take. */
class RehearsalTest {
    private static final String CONFIG = """
            carp0 carpdev eth0 vhid 1 advbase 0 advskew 2 pass k 198.18.0.10/24 2001:db8::10/64
            carp1 carpdev eth1 vhid 2 advbase 1 advskew 100 198.18.1.10/24
            carp2 carpdev eth0 balancing ip carpnodes 3:0,4:100 pass k 198.18.0.20/24
            """;

    @Test
    void everyVhidTakesOverAdvertisesAnnouncesAndBowsOut() throws Exception {
        CarpdConfig config = CarpEngineTest.config(CONFIG);
        List<Action> seen = Rehearsal.run(config);

        for (String name : List.of("carp0", "carp1")) {
            assertTrue(seen.stream().anyMatch(a -> a instanceof Action.StateChanged s && s.carpInterface().equals(name)
                    && s.to() == CarpState.MASTER), name + " became MASTER");
            assertTrue(seen.stream().anyMatch(a -> a instanceof Action.AddAddresses x && x.carpInterface().equals(name)),
                    name + " added its addresses");
            assertTrue(seen.stream().anyMatch(a -> a instanceof Action.Announce x && x.carpInterface().equals(name)),
                    name + " announced them");
            assertTrue(seen.stream().anyMatch(a -> a instanceof Action.RemoveAddresses x && x.carpInterface().equals(name)),
                    name + " removed them at the shutdown");
            assertTrue(seen.stream().filter(a -> a instanceof Action.Transmit t && t.carpInterface().equals(name)).count() >= 2,
                    name + " advertised on taking over and bowed out");
        }
        assertTrue(seen.stream().anyMatch(a -> a instanceof Action.BalancingChanged), "the balanced interface took its carpnodes");
        assertTrue(seen.stream().anyMatch(a -> a instanceof Action.Transmit t && t.ipv6()), "IPv6 advertisements too");
    }

    @Test
    void itHearsAnotherHostABrokenHmacATruncatedFrameAndAStrangeVhid() throws Exception {
        List<Action> seen = Rehearsal.run(CarpEngineTest.config(CONFIG));

        for (String name : List.of("carp0", "carp1")) {
            assertTrue(seen.stream().anyMatch(a -> a instanceof Action.PacketDropped d && name.equals(d.carpInterface())
                    && d.reason() == DropReason.BAD_AUTH), name + " refused the broken HMAC");
        }
        assertTrue(seen.stream().anyMatch(a -> a instanceof Action.PeerNotice n && n.message().contains("fail authentication")),
                "a MASTER said it hears failing advertisements");
        assertTrue(seen.stream().anyMatch(a -> a instanceof Action.PacketDropped d && d.carpInterface() == null
                && d.reason() != DropReason.BAD_AUTH), "the truncated frame was dropped before any vhid");
        assertTrue(seen.stream().anyMatch(a -> a instanceof Action.StateChanged s && s.from() == CarpState.MASTER
                && s.to() == CarpState.BACKUP && s.reason() != TransitionReason.SHUTDOWN),
                "the other host's advertisements were accepted: one of ours stepped down to it");
    }

    @Test
    void anEmptyConfigurationRehearsesNothing() throws Exception {
        assertEquals(List.of(), Rehearsal.run(CarpEngineTest.config("")));
    }
}
