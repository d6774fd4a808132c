package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.VrrpFrames;
import org.junit.jupiter.api.Test;

/** keepalived beside carpd: its VRRP packets are counted as VRRP, with their source, not as bad length. */
class VrrpDropTest {

    @Test
    void vrrpPacketsAreCountedAsVrrpWithTheirSourceAndLeaveTheVhidAlone() throws Exception {
        CarpEngine e = new CarpEngine(CarpEngineTest.config("carp0 carpdev eth0 vhid 51 pass pw 198.18.0.10/24\n"), 1,
                new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", CarpEngineTest.carpdev(1, "198.18.0.1", "fe80::1"));
        e.start(0);
        List<Action> log = new ArrayList<>();
        CarpEngineTest.frames(e, log);
        CarpState before = e.state("carp0");
        InetAddress router = InetAddress.getByName("198.18.0.2");
        byte[] v2 = VrrpFrames.v2(router, 51, 100, 0, new byte[8], List.of(InetAddress.getByName("198.18.0.10")));
        byte[] v3 = VrrpFrames.v3(InetAddress.getByName("fe80::2"), 51, 100,
                List.of(InetAddress.getByName("fe80::10")), false);
        for (int i = 0; i < 3; i++) {
            e.onFrame(Interval.SECOND, "eth0", v2, 0, v2.length);
        }
        e.onFrame(Interval.SECOND, "eth0", v3, 0, v3.length);
        log.clear();
        CarpEngineTest.frames(e, log);
        List<Action.PacketDropped> drops = log.stream().filter(Action.PacketDropped.class::isInstance)
                .map(Action.PacketDropped.class::cast).toList();
        assertEquals(4, drops.size(), log.toString());
        assertEquals(DropReason.VRRP, drops.get(0).reason());
        assertEquals(router, drops.get(0).source());
        assertEquals("VRRPv2 router 51", drops.get(0).detail());
        assertEquals("VRRPv3 router 51", drops.get(3).detail());
        assertEquals(4, e.totalCounters().get(Counter.VRRP));
        assertEquals(0, e.totalCounters().get(Counter.BAD_LENGTH));
        assertEquals(before, e.state("carp0"), "VRRP must not move the vhid");
    }
}
