package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.carpd.testing.lab.ExecResult;
import org.carpd.testing.lab.LabHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * carpd owns the macvlans it makes, and only those, running as the unit runs it (nobody with
 * CAP_NET_RAW and CAP_NET_ADMIN only): a stale one from a crashed run goes at start, an operator's
 * macvlan named like a carp interface stays; carpctl and reload create and delete them; SIGTERM
 * removes them and puts the carpdev's ARP settings back; carpctl and show-config show the lladdr.
 */
class VirtualMacOwnershipIT extends TwoNodeLabTest {
    private LabHost h;

    @BeforeEach
    void up() throws Exception {
        createLab();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        n1.runAsNobody();
        h = lab.host(1);
    }

    private boolean hasLink(String name) {
        return h.exec("ip", "link", "show", name).ok();
    }

    private String link(String name) {
        return h.exec("ip", "-d", "link", "show", name).requireSuccess().output();
    }

    private String sysctl(String name) {
        return h.exec("cat", "/proc/sys/net/ipv4/conf/eth0/" + name).requireSuccess().output().trim();
    }

    private void await(String what, java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + "; log:\n" + n1.log());
            Thread.sleep(50);
        }
    }

    @Test
    void createsAndRemovesOnlyItsOwnMacvlans() throws Exception {
        h.exec("ip", "link", "add", "carp9", "link", "eth0", "type", "macvlan", "mode", "bridge").requireSuccess();
        h.exec("ip", "link", "add", "carp5", "link", "eth0", "address", "00:00:5e:00:01:05", "type", "macvlan",
                "mode", "private").requireSuccess();
        h.exec("ip", "link", "set", "carp5", "alias", "carpd").requireSuccess(); // as a crashed carpd leaves it
        Path key = n1.writeKey("own");
        String carp0 = "carp0 carpdev eth0 vhid 1 pass-file " + key + " " + CarpdNode.VIP4 + "/24 " + CarpdNode.VIP6 + "/64\n";
        n1.writeConfig(carp0);
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));

        assertFalse(hasLink("carp5"), "the stale carpd macvlan is gone");
        assertTrue(n1.log().contains("removed stale carpd macvlan carp5"), n1.log());
        assertTrue(hasLink("carp9"), "the operator's macvlan (no carpd alias) stays");
        String c0 = link("carp0");
        assertTrue(c0.contains("carp0@eth0") && c0.contains("link/ether 00:00:5e:00:01:01")
                && c0.contains("alias carpd") && c0.contains("state UP"), c0);
        String addrs = h.exec("ip", "addr", "show", "dev", "carp0").requireSuccess().output();
        assertTrue(addrs.contains(CarpdNode.VIP4 + "/24") && addrs.contains(CarpdNode.VIP6 + "/64"), addrs);
        assertEquals("1", sysctl("arp_ignore"));
        assertEquals("2", sysctl("arp_announce"));

        String listing = n1.ctl("carp0").requireSuccess().output();
        assertTrue(listing.contains("\tlladdr 00:00:5e:00:01:01 (macvlan carp0)\n"), listing);
        String json = n1.ctl("--json").requireSuccess().output();
        assertTrue(json.contains("\"lladdr\":\"00:00:5e:00:01:01 (macvlan carp0)\""), json);
        assertTrue(n1.ctl("show-config").requireSuccess().output().contains(" lladdr virtual "));
        // An address removed from the macvlan by hand comes back, as on the carpdev.
        h.exec("ip", "addr", "del", CarpdNode.VIP4 + "/24", "dev", "carp0").requireSuccess();
        await("the address is restored on carp0",
                () -> h.exec("ip", "addr", "show", "dev", "carp0").output().contains(CarpdNode.VIP4 + "/24"));
        n1.awaitLog("carp0: virtual address " + CarpdNode.VIP4 + "/24 was removed from carp0 while MASTER",
                Duration.ofSeconds(2));
        // carp0 deleted by hand under a MASTER is made again, up, with its addresses.
        h.exec("ip", "link", "del", "carp0").requireSuccess();
        await("carp0 is made again", () -> hasLink("carp0") && link("carp0").contains("state UP")
                && h.exec("ip", "addr", "show", "dev", "carp0").output().contains(CarpdNode.VIP6 + "/64"));
        assertTrue(n1.log().contains("carp0: macvlan carp0 is gone (deleted by hand or with eth0); making it again"));

        // carpctl moves a MASTER between the carpdev's MAC and its own, addresses and all.
        n1.ctl("carp0", "lladdr", "carpdev").requireSuccess();
        assertTrue(n1.hasVip4() && n1.hasVip6(), "the addresses are on eth0 at once");
        assertFalse(hasLink("carp0"));
        assertEquals("0", sysctl("arp_ignore"));
        n1.ctl("carp0", "lladdr", "virtual").requireSuccess();
        assertFalse(n1.hasVip4() || n1.hasVip6(), "and off eth0 again");
        assertTrue(h.exec("ip", "addr", "show", "dev", "carp0").output().contains(CarpdNode.VIP4 + "/24"));
        assertTrue(link("carp0").contains("state UP"));

        // carpctl creates and destroys a carp interface with a fixed MAC, and its macvlan with it.
        n1.ctl("carp1", "carpdev", "eth0", "vhid", "2", "pass-file", key.toString(), "lladdr", "02:00:5e:10:00:02",
                "198.18.0.20/24").requireSuccess();
        assertTrue(link("carp1").contains("link/ether 02:00:5e:10:00:02"), link("carp1"));
        ExecResult bad = n1.ctl("carp1", "lladdr", "01:00:5e:00:00:12");
        assertFalse(bad.ok());
        assertTrue(bad.output().contains("carpctl:1:14: expected 'virtual', 'carpdev' or a unicast MAC"), bad.output());
        assertTrue(link("carp1").contains("link/ether 02:00:5e:10:00:02"), "nothing changed");
        n1.ctl("carp1", "destroy").requireSuccess();
        assertFalse(hasLink("carp1"));

        // A reload adds one with the carpdev's MAC (no macvlan) and one with a macvlan, then drops them.
        n1.writeConfig(carp0 + "carp2 carpdev eth0 vhid 3 pass-file " + key + " lladdr carpdev 198.18.0.30/24\n"
                + "carp3 carpdev eth0 vhid 4 pass-file " + key + " 198.18.0.40/24\n");
        n1.signal("HUP");
        await("reload creates carp3", () -> hasLink("carp3"));
        assertFalse(hasLink("carp2"));
        assertTrue(n1.ctl("carp2").requireSuccess().output()
                .contains("\tlladdr " + h.mac() + " (carpdev eth0)\n"), n1.ctl("carp2").output());
        n1.writeConfig(carp0);
        n1.signal("HUP");
        await("reload deletes carp3", () -> !hasLink("carp3"));

        n1.stop();
        assertFalse(hasLink("carp0"), "SIGTERM removes carp0");
        assertTrue(hasLink("carp9"), "the operator's macvlan survives");
        assertEquals("0", sysctl("arp_ignore"), "the carpdev's ARP settings are back");
        assertEquals("0", sysctl("arp_announce"));

        // A crash leaves carp0 behind; the next start removes it and makes its own.
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n1.signal("KILL");
        assertTrue(n1.process().waitFor(10, TimeUnit.SECONDS));
        assertTrue(link("carp0").contains("alias carpd"), "left by the crash");
        n1.start();
        n1.awaitLog("removed stale carpd macvlan carp0", Duration.ofSeconds(5));
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        assertTrue(link("carp0").contains("state UP"));
        n1.stop();
        assertFalse(hasLink("carp0"));
        assertTrue(hasLink("carp9"));
    }

    /** A carp interface whose macvlan cannot be made runs with the carpdev's MAC, whole, and says why. */
    @Test
    void aNameTakenByAnotherLinkFallsBackToTheCarpdevsMac() throws Exception {
        h.exec("ip", "link", "add", "carp0", "link", "eth0", "type", "macvlan", "mode", "bridge").requireSuccess();
        String before = link("carp0");
        n1.writeConfig("carp0 carpdev eth0 vhid 1 pass-file " + n1.writeKey("own") + " " + CarpdNode.VIP4 + "/24\n");
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n1.awaitLog("cannot create macvlan carp0 on eth0 for lladdr virtual (a link named carp0 exists that carpd did"
                + " not create", Duration.ofSeconds(2));
        assertTrue(n1.log().contains("carp0 runs with the MAC of eth0"), n1.log());
        assertTrue(n1.hasVip4(), "the virtual address is on eth0");
        assertFalse(h.exec("ip", "addr", "show", "dev", "carp0").output().contains(CarpdNode.VIP4));
        assertEquals(before, link("carp0"), "the operator's link is untouched");
        assertEquals("0", sysctl("arp_ignore"), "no ARP change for a carpdev without carpd macvlans");
        assertTrue(n1.ctl("carp0").requireSuccess().output().contains("\tlladdr " + h.mac() + " (carpdev eth0)\n"));
        n1.stop();
        assertEquals(before, link("carp0"), "SIGTERM leaves the operator's link alone");
    }
}
