package org.carpd.testing.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;
import org.carpd.core.wire.ReceivedAdvertisement;
import org.junit.jupiter.api.Test;

/** Rewritten advertisements decode with valid checksums and still carry the captured, valid HMAC. */
class CarpAttackerTest {
    private static final MacAddress MASTER = MacAddress.parse("02:ca:4b:00:00:01");
    private static final MacAddress ATTACKER = MacAddress.parse("02:ca:4b:00:00:03");

    private static ReceivedAdvertisement decode(byte[] frame) {
        return assertInstanceOf(DecodeResult.Accepted.class, AdvertisementCodec.decodeFrame(frame, 0, frame.length))
                .packet();
    }

    @Test
    void rewrittenFramesKeepTheHmacAndCounterAndPassTheChecksums() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.10");
        CarpAuthenticator auth = new CarpAuthenticator("k".getBytes(), 1, List.of(vip));
        long counter = 0x1234_5678_9abcL;
        Advertisement genuine = new Advertisement(1, 0, 0, 1, counter, auth.sign(counter));
        byte[] captured = AdvertisementCodec.encodeFrameV4(MASTER, (Inet4Address) InetAddress.getByName("198.18.0.1"),
                genuine, 7);

        CarpAttacker attacker = new CarpAttacker(ATTACKER);
        attacker.observe(captured, captured.length);
        byte[] own = AdvertisementCodec.encodeFrameV4(ATTACKER, CarpAttacker.spoofedIpv4(0), genuine, 1);
        attacker.observe(own, own.length); // the attacker's own frames are not captured
        attacker.observe(new byte[10], 10); // nor garbage
        assertEquals(1, attacker.captured().size());
        CarpAttacker.Captured c = attacker.captured().get(0);

        ReceivedAdvertisement r = decode(attacker.rewrite(c,
                CarpAttacker.Rewrite.UNCHANGED.withTimers(0, 1).withDemote(3).from(CarpAttacker.spoofedIpv4(5))));
        assertEquals(CarpAttacker.spoofedIpv4(5), r.source());
        assertEquals(ATTACKER, r.sourceMac());
        assertEquals(0, r.advertisement().advbase());
        assertEquals(1, r.advertisement().advskew());
        assertEquals(3, r.advertisement().demote());
        assertEquals(counter, r.advertisement().counter());
        assertArrayEquals(genuine.hmac(), r.advertisement().hmac());
        assertTrue(auth.verify(r.advertisement()), "the HMAC does not cover timers, demote or source");

        ReceivedAdvertisement bow = decode(attacker.rewrite(c, CarpAttacker.Rewrite.UNCHANGED.bowOut()));
        assertTrue(bow.advertisement().isBowOut());
        assertEquals(InetAddress.getByName("198.18.0.1"), bow.source(), "unchanged source by default");

        ReceivedAdvertisement v6 = decode(attacker.rewrite(c, CarpAttacker.Rewrite.UNCHANGED.from(CarpAttacker.highIpv6())));
        assertTrue(v6.ipv6(), "an IPv4 advertisement carried over IPv6");
        assertTrue(auth.verify(v6.advertisement()));
    }

    @Test
    void spoofedSourcesAvoidLabHostsAndVips() {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int last = CarpAttacker.spoofedIpv4(i).getAddress()[3] & 0xff;
            assertTrue(last > 100 && last < 250, "198.18.0." + last);
            seen.add(CarpAttacker.spoofedIpv6(i).getHostAddress());
        }
        assertEquals(400, seen.stream().distinct().count());
        assertTrue((CarpAttacker.highIpv4().getAddress()[3] & 0xff) == 250);
    }
}
