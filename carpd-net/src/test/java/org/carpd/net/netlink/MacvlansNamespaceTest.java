package org.carpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.carpd.core.wire.MacAddress;
import org.carpd.testing.lab.NetnsLab;
import org.carpd.testing.netns.NetnsThread;
import org.carpd.testing.netns.ScratchNetns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Macvlans against a real kernel, in a throw-away namespace with the veth pair va/vb; checked with ip and /proc. */
class MacvlansNamespaceTest {
    private static ScratchNetns ns;
    private static NetnsThread inNs;
    private static RouteNetlink nl;
    private static Macvlans macvlans;
    private static int va;

    @BeforeAll
    static void createNamespace() throws Exception {
        NetnsLab.assumeAvailable();
        ns = ScratchNetns.create("mv");
        ns.ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
        ns.ip("link", "set", "va", "up");
        ns.ip("link", "set", "vb", "up");
        inNs = NetnsThread.enter(ns.name());
        nl = inNs.call(RouteNetlink::open);
        macvlans = new Macvlans(nl);
        va = nl.link("va").index();
    }

    @AfterAll
    static void deleteNamespace() throws Exception {
        if (nl != null) {
            nl.close();
        }
        if (inNs != null) {
            inNs.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static String sysctl(String name) throws Exception {
        return ScratchNetns.run("ip", "netns", "exec", ns.name(), "cat", "/proc/sys/net/ipv4/conf/" + name).trim();
    }

    @Test
    void createsAMarkedPrivateMacvlanDownWithItsMacAndRemovesIt() throws Exception {
        MacAddress mac = MacAddress.parse("00:00:5e:00:01:07");
        Macvlans.Macvlan m = macvlans.create("carp7", va, mac);
        String shown = ns.ip("-d", "link", "show", "carp7");
        assertTrue(shown.contains("carp7@va") && shown.contains("link/ether 00:00:5e:00:01:07")
                && shown.contains("macvlan mode private") && shown.contains("alias carpd")
                && shown.contains("addrgenmode none") && shown.contains("state DOWN"), shown);
        assertEquals("1", sysctl("carp7/arp_ignore"));
        assertEquals("2", sysctl("carp7/arp_announce"));
        assertTrue(macvlans.list().contains(m), macvlans.list().toString());

        macvlans.setUp(m.index(), true);
        assertTrue(ns.ip("link", "show", "carp7").contains(",UP"), ns.ip("link", "show", "carp7"));
        nl.addAddress(m.index(), InetAddress.getByName("198.18.7.10"), 24, 4096);
        String routes = ns.ip("route", "show", "dev", "carp7");
        assertTrue(routes.contains("198.18.7.0/24") && routes.contains("metric 4096"), routes);
        macvlans.setUp(m.index(), false);
        assertTrue(ns.ip("link", "show", "carp7").contains("state DOWN"));

        NetlinkException again = assertThrows(NetlinkException.class, () -> macvlans.create("carp7", va, mac));
        assertEquals(Errno.EEXIST, again.errno(), again.getMessage());
        macvlans.delete(m.index(), m.name());
        assertFalse(ns.ip("link", "show").contains("carp7"));
    }

    @Test
    void anOperatorsMacvlanIsListedAsNotOurs() throws Exception {
        ns.ip("link", "add", "carp9", "link", "va", "type", "macvlan", "mode", "bridge");
        try {
            Macvlans.Macvlan m = macvlans.list().stream().filter(x -> x.name().equals("carp9")).findFirst()
                    .orElseThrow();
            assertFalse(m.ours());
            assertEquals(va, m.parentIndex());
        } finally {
            ns.ip("link", "del", "carp9");
        }
    }

    @Test
    void arpSettingsAreReadAndWrittenOverNetlink() throws Exception {
        Macvlans.ArpConf before = macvlans.arpConf(va);
        assertEquals(new Macvlans.ArpConf(Integer.parseInt(sysctl("va/arp_ignore")),
                Integer.parseInt(sysctl("va/arp_announce"))), before);
        macvlans.setArpConf(va, new Macvlans.ArpConf(1, 2));
        assertEquals("1", sysctl("va/arp_ignore"));
        assertEquals("2", sysctl("va/arp_announce"));
        assertEquals(new Macvlans.ArpConf(1, 2), macvlans.arpConf(va));
        macvlans.setArpConf(va, before);
        assertEquals(before, macvlans.arpConf(va));
    }
}
