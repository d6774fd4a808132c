package org.carpd.core.engine;

import static org.carpd.core.engine.CarpEngineTest.S;
import static org.carpd.core.engine.CarpEngineTest.carpdev;
import static org.carpd.core.engine.CarpEngineTest.config;
import static org.carpd.core.engine.CarpEngineTest.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Advertisements, IPv4 and IPv6, leave with the carp interface's MAC as Ethernet source. */
class LinkAddressFramesTest {
    @ParameterizedTest
    @CsvSource({",00:00:5e:00:01:07", "lladdr virtual,00:00:5e:00:01:07", "lladdr 02:aa:00:00:00:01,02:aa:00:00:00:01",
        "lladdr carpdev,02:00:00:00:00:01"})
    void sourceMacFollowsLladdr(String lladdr, String expected) throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 7 pass pw " + (lladdr == null ? "" : lladdr)
                + " 198.51.100.10/24 2001:db8::10/64\n"), 1, new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::1"));
        e.start(0);
        e.onTimeout(3 * S);
        assertEquals(CarpState.MASTER, e.state("carp0"));
        List<byte[]> sent = frames(e, new ArrayList<>());
        assertEquals(2, sent.size(), "one IPv4 and one IPv6 advertisement");
        for (byte[] f : sent) {
            assertEquals(MacAddress.parse(expected), MacAddress.of(Arrays.copyOfRange(f, 6, 12)));
        }
    }
}
