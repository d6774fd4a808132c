package org.carpd.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.Test;

/**
 * Engine rules that the simulated LAN (src-test-fixtures) cannot easily set up: chosen source
 * addresses, carpdevs missing at start, configuration changes with held demotions.
 */
class CarpEngineTest {
    static final long S = Interval.SECOND;

    static CarpdConfig config(String text) throws Exception {
        return ConfigParser.parse("test", text);
    }

    static CarpdevInfo carpdev(int mac, String v4, String linkLocal) throws Exception {
        return new CarpdevInfo(true, MacAddress.of(new byte[] {2, 0, 0, 0, 0, (byte) mac}),
                Optional.of((Inet4Address) InetAddress.getByName(v4)),
                Optional.of((Inet6Address) InetAddress.getByName(linkLocal)));
    }

    /** Drains the engine's actions; returns the frames it asked to send. */
    static List<byte[]> frames(CarpEngine e, List<Action> log) {
        List<byte[]> out = new ArrayList<>();
        Action a;
        while ((a = e.poll()) != null) {
            log.add(a);
            if (a instanceof Action.Transmit t) {
                out.add(t.frame());
                e.onSendResult(0, t, true);
            }
        }
        return out;
    }

    @Test
    void dualStackTieIsDecidedByIpv4AloneEvenWhenLinkLocalsOrderTheOtherWay() throws Exception {
        CarpdConfig cfg = config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24 2001:db8::10/64\n");
        CarpEngine a = new CarpEngine(cfg, 1, new SplittableRandom(1));
        CarpEngine b = new CarpEngine(cfg, 1_000, new SplittableRandom(2));
        // ucarp's tie rule compares the bytes reversed: a has the lower IPv4 address, the higher link-local
        a.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::2"));
        b.onCarpdevChanged(0, "eth0", carpdev(2, "198.18.0.2", "fe80::1"));
        a.start(0);
        b.start(0);
        List<Action> log = new ArrayList<>();
        frames(a, log);
        frames(b, log);
        a.onTimeout(3 * S); // both time out together and advertise, v4 and v6 each
        b.onTimeout(3 * S);
        List<byte[]> fromA = frames(a, log);
        List<byte[]> fromB = frames(b, log);
        assertEquals(2, fromA.size());
        fromB.forEach(f -> a.onFrame(3 * S + 1, "eth0", f, 0, f.length));
        fromA.forEach(f -> b.onFrame(3 * S + 1, "eth0", f, 0, f.length)); // below b's counters: replays
        List<byte[]> answer = frames(a, log); // a, the lower address, adopted b's counter and answers
        assertEquals(2, answer.size());
        answer.forEach(f -> b.onFrame(3 * S + 2, "eth0", f, 0, f.length));
        assertEquals(CarpState.MASTER, a.state("carp0"), "198.18.0.1 < 198.18.0.2: the lower address stays");
        assertEquals(CarpState.BACKUP, b.state("carp0"), "b must not stay on its lower link-local");
    }

    @Test
    void carpdevNeverReportedCountsAsDownAndDemotes() throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth9 vhid 1 pass pw 198.51.100.10/24\n"), 1,
                new SplittableRandom(1));
        e.start(0);
        assertEquals(CarpState.INIT, e.state("carp0"));
        assertEquals(1, e.demotion().get("carp"));
        e.onCarpdevChanged(S, "eth9", carpdev(1, "198.18.0.1", "fe80::1"));
        assertEquals(CarpState.BACKUP, e.state("carp0"));
        assertEquals(0, e.demotion().get("carp"));
    }

    @Test
    void carpdevDownAtStartDemotes() throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"), 1,
                new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::1").withUp(false));
        e.start(0);
        assertEquals(1, e.demotion().get("carp"));
    }

    @Test
    void removingAnInterfaceReleasesTheDemotionItHeld() throws Exception {
        CarpEngine e = new CarpEngine(config("""
                carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24
                carp1 carpdev eth1 vhid 2 pass pw 198.51.100.20/24
                """), 1, new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::1").withUp(false));
        e.onCarpdevChanged(0, "eth1", carpdev(2, "198.18.1.1", "fe80::1:1"));
        e.start(0);
        assertEquals(1, e.demotion().get("carp"), "eth0 is down");
        e.applyConfig(S, config("carp1 carpdev eth1 vhid 2 pass pw 198.51.100.20/24\n"));
        assertEquals(0, e.demotion().get("carp"), "carp0 is gone, and its demotion with it");
    }

    @Test
    void movingToAnotherGroupMovesTheHeldDemotion() throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"), 1,
                new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::1").withUp(false));
        e.start(0);
        e.applyConfig(S, config("carp0 carpdev eth0 vhid 1 group uplink pass pw 198.51.100.10/24\n"));
        assertEquals(1, e.demotion().get("carp"));
        assertEquals(1, e.demotion().get("uplink"));
        e.applyConfig(2 * S, config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"));
        assertEquals(1, e.demotion().get("carp"));
        assertEquals(0, e.demotion().get("uplink"), "left the group: its share of the demotion goes too");
    }

    @Test
    void adminDownWithNewAddressesReleasesTheOldOnes() throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"), 1,
                new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::1"));
        e.start(0);
        e.onTimeout(3 * S);
        assertEquals(CarpState.MASTER, e.state("carp0"));
        List<Action> log = new ArrayList<>();
        frames(e, log);
        log.clear();
        e.applyConfig(4 * S, config("carp0 carpdev eth0 vhid 1 down pass pw 198.51.100.11/24\n"));
        frames(e, log);
        List<VirtualAddress> removed = log.stream().filter(a -> a instanceof Action.RemoveAddresses)
                .flatMap(a -> ((Action.RemoveAddresses) a).addresses().stream()).toList();
        assertEquals("[198.51.100.10/24]", removed.toString());
        assertEquals(CarpState.INIT, e.state("carp0"));
    }

    @Test
    void operatorDemotionIsClampedAndNeedsAGroupInUse() throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24\n"), 1,
                new SplittableRandom(1));
        assertEquals(200, e.adjustGroupDemotion(0, "carp", 200));
        assertEquals(255, e.adjustGroupDemotion(0, "carp", 200));
        assertEquals(0, e.adjustGroupDemotion(0, "carp", -255));
        assertThrows(IllegalArgumentException.class, () -> e.adjustGroupDemotion(0, "carp", Integer.MAX_VALUE));
        IllegalArgumentException noGroup = assertThrows(IllegalArgumentException.class,
                () -> e.adjustGroupDemotion(0, "typo", 1));
        assertTrue(noGroup.getMessage().contains("no carp interface is in group typo"));
    }

    @Test
    void sendFailuresInOneFamilyDemoteEvenWhenTheOtherFamilyWorks() throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.10/24 2001:db8::10/64\n"),
                1, new SplittableRandom(1));
        e.onCarpdevChanged(0, "eth0", carpdev(1, "198.18.0.1", "fe80::1"));
        e.start(0);
        e.onTimeout(3 * S);
        assertEquals(CarpState.MASTER, e.state("carp0"));
        long now = 3 * S;
        for (int round = 0; round < 3; round++) {
            Action a;
            while ((a = e.poll()) != null) {
                if (a instanceof Action.Transmit t) {
                    e.onSendResult(now, t, t.ipv6()); // IPv4 fails, IPv6 gets out
                }
            }
            now += Interval.of(1, 0);
            e.onTimeout(now);
        }
        assertEquals(1, e.demotion().get("carp"), "three IPv4 failures in a row, whatever IPv6 did");
        e.forceState(now, "carp0", CarpState.BACKUP);
        assertEquals(1, e.demotion().get("carp"), "BACKUP proves nothing about the NIC: the demotion stays");
        e.onCarpdevChanged(now, "eth0", carpdev(1, "198.18.0.1", "fe80::1").withUp(false));
        e.onCarpdevChanged(now, "eth0", carpdev(1, "198.18.0.1", "fe80::1"));
        assertEquals(0, e.demotion().get("carp"), "the carpdev went down and up: a fresh start");
    }
}
