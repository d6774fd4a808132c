package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.Test;

/** A frame the decoder rejects is reported with its sender, so the daemon's log can name it. */
class DropSourceTest {
    @Test
    void routedAdvertisementIsDroppedNamingItsSender() throws Exception {
        CarpEngine e = new CarpEngine(CarpEngineTest.config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"),
                1, new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", CarpEngineTest.carpdev(1, "198.18.0.1", "fe80::1"));
        e.start(0);
        Inet4Address peer = (Inet4Address) InetAddress.getByName("198.18.0.77");
        byte[] frame = AdvertisementCodec.encodeFrameV4(MacAddress.parse("02:00:00:00:00:77"), peer,
                new Advertisement(1, 0, 0, 1, 5, new byte[Advertisement.HMAC_LENGTH]), 1);
        frame[14 + 8] = 64; // TTL 64: it was routed
        frame[14 + 10] = 0;
        frame[14 + 11] = 0;
        int sum = org.carpd.core.wire.InternetChecksum.compute(frame, 14, 20);
        frame[14 + 10] = (byte) (sum >>> 8);
        frame[14 + 11] = (byte) sum;
        List<Action> log = new ArrayList<>();
        CarpEngineTest.frames(e, log);
        log.clear();
        e.onFrame(1, "eth0", frame, 0, frame.length);
        CarpEngineTest.frames(e, log);
        Action.PacketDropped drop = log.stream().filter(a -> a instanceof Action.PacketDropped)
                .map(a -> (Action.PacketDropped) a).findFirst().orElseThrow();
        assertEquals(DropReason.BAD_TTL, drop.reason());
        assertEquals(peer, drop.source());
    }
}
