package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A second carpd started beside a running master (same configuration, same control socket, as
 * the man page's {@code carpd --foreground} would) exits at once and touches nothing: the master
 * keeps both virtual addresses and its role the whole time, and the backup never takes over.
 */
class CarpdSingleInstanceIT extends TwoNodeLabTest {

    @Test
    void secondCarpdLeavesTheRunningMastersAddressesAlone() throws Exception {
        createLab();
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("lab-secret")));
        n2.writeConfig(CarpdNode.carp0(1, 100, n2.writeKey("lab-secret")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));
        assertTrue(n1.hasVip4() && n1.hasVip6(), "master holds both addresses before");

        Path secondLog = n1.dir().resolve("second.log");
        Process second = n1.host().spawn(secondLog, CarpdNode.DIST.resolve("bin/carpd").toString(), "--foreground",
                "-c", n1.configFile().toString(), "--socket", n1.dir().resolve("carpd.sock").toString(),
                "--state-dir", n1.dir().toString());
        List<String> samples = new ArrayList<>();
        // every 250 ms for 4 s: the second start-up and well past one advertisement interval
        for (int i = 0; i < 16; i++) {
            Thread.sleep(250);
            boolean v4 = n1.hasVip4();
            boolean v6 = n1.hasVip6();
            String state = n1.state();
            samples.add(i + ": " + state + " v4=" + v4 + " v6=" + v6 + " second " + (second.isAlive() ? "running" : "exited"));
            assertTrue(v4 && v6 && state.equals("MASTER"), "master lost something:\n" + String.join("\n", samples)
                    + "\nsecond carpd:\n" + Files.readString(secondLog));
            assertFalse(n2.hasVip4() || n2.hasVip6(), "backup holds no address");
        }
        assertTrue(second.waitFor(5, TimeUnit.SECONDS), "the second carpd exits");
        assertEquals(1, second.exitValue());
        String out = Files.readString(secondLog);
        assertTrue(out.contains("another carpd is already running with control socket " + n1.dir().resolve("carpd.sock")),
                out);
        assertFalse(out.contains("stale"), "no clean-up was attempted:\n" + out);
        assertTrue(n2.transitions().stream().noneMatch(t -> t.to().equals("MASTER")), "the backup never took over");
        assertEquals("MASTER", n1.state());
    }
}
