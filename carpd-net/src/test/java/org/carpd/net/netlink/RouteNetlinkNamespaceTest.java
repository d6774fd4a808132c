package org.carpd.net.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.carpd.testing.lab.NetnsLab;
import org.carpd.testing.netns.NetnsThread;
import org.carpd.testing.netns.ScratchNetns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RouteNetlink against a real kernel, inside a throw-away namespace with the veth pair va/vb. */
class RouteNetlinkNamespaceTest {
    private static ScratchNetns ns;
    private static NetnsThread inNs;
    private static RouteNetlink nl;
    private static int va;
    private static int vb;

    @BeforeAll
    static void createNamespace() throws Exception {
        NetnsLab.assumeAvailable();
        ns = ScratchNetns.create("nl");
        ns.ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
        ns.ip("link", "set", "va", "mtu", "1400", "up");
        ns.ip("link", "set", "vb", "up");
        inNs = NetnsThread.enter(ns.name());
        nl = inNs.call(RouteNetlink::open);
        va = nl.link("va").index();
        vb = nl.link("vb").index();
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

    @AfterEach
    void flushAddresses() throws Exception {
        if (ns != null) {
            ns.ip("addr", "flush", "dev", "va", "scope", "global");
            ns.ip("addr", "flush", "dev", "vb", "scope", "global");
        }
    }

    @Test
    void linkInfoMatchesIpLink() throws Exception {
        Map<String, String> ip = IpJson.top(ns.ip("-j", "link", "show", "dev", "va"));
        LinkInfo link = nl.link("va");

        assertEquals(Integer.parseInt(ip.get("ifindex")), link.index());
        assertEquals("va", link.name());
        assertEquals(1400, link.mtu());
        assertEquals(Integer.parseInt(ip.get("mtu")), link.mtu());
        assertEquals(ip.get("address"), link.mac().orElseThrow().toString());
        assertEquals(ip.get("operstate"), link.operState().name());
        assertTrue(link.up() && link.running() && link.lowerUp(), "va is up with carrier: " + link);
        assertTrue(ip.get("flags").contains("\"UP\"") && ip.get("flags").contains("\"LOWER_UP\""));

        assertEquals(link, nl.link(link.index()));
        List<LinkInfo> all = nl.links();
        assertTrue(all.contains(link), "links() lists va: " + all);
        assertTrue(all.stream().anyMatch(l -> l.name().equals("lo") && l.mac().isPresent()));
    }

    @Test
    void linkThatDoesNotExistIsEnodevWithItsName() {
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.link("nosuchif"));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("'nosuchif'") && e.getMessage().contains("ENODEV"), e.getMessage());
    }

    @Test
    void addsAndRemovesIpv4WithBroadcastAndLabel() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.10");
        nl.addAddress(va, vip, 24);

        Map<String, String> ip = addrOnIp("va", "198.18.0.10");
        assertEquals("24", ip.get("prefixlen"));
        assertEquals("198.18.0.255", ip.get("broadcast"));
        assertEquals("va:carp", ip.get("label"));
        InterfaceAddress ours = find(nl.addresses(va), vip);
        assertEquals(OptionalInt.of(CarpdAddressMarker.PROTOCOL), ours.protocol(), "IFA_PROTO marks it: " + ours);

        nl.removeAddress(va, vip, 24);
        assertTrue(addrsOnIp("va").stream().noneMatch(a -> "198.18.0.10".equals(a.get("local"))));
    }

    @Test
    void addsIpv6UsableAtOnceAndRemovesIt() throws Exception {
        InetAddress vip = InetAddress.getByName("2001:db8::10");
        nl.addAddress(va, vip, 64);

        Map<String, String> ip = addrOnIp("va", "2001:db8::10");
        assertEquals("64", ip.get("prefixlen"));
        assertFalse(ip.containsKey("tentative"), "NODAD address must not be tentative: " + ip);
        InterfaceAddress ours = find(nl.addresses(va), vip);
        assertFalse(ours.tentative());
        assertEquals(OptionalInt.of(CarpdAddressMarker.PROTOCOL), ours.protocol());

        nl.removeAddress(va, vip, 64);
        assertTrue(addrsOnIp("va").stream().noneMatch(a -> "2001:db8::10".equals(a.get("local"))));
    }

    @Test
    void addingTwiceIsEexistNamingInterfaceAndAddress() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.20");
        nl.addAddress(va, vip, 24);
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl.addAddress(va, vip, 24));
        assertEquals(Errno.EEXIST, e.errno());
        String m = e.getMessage();
        assertTrue(m.contains("198.18.0.20/24") && m.contains("va (ifindex " + va + ")")
                && m.contains("EEXIST (File exists)"), m);
        assertEquals(1, addrsOnIp("va").stream().filter(a -> "198.18.0.20".equals(a.get("local"))).count());
    }

    @Test
    void badInterfaceIndexIsEnodevAndMissingAddressIsEaddrnotavail() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.21");
        NetlinkException add = assertThrows(NetlinkException.class, () -> nl.addAddress(99999, vip, 24));
        assertEquals(Errno.ENODEV, add.errno());
        assertTrue(add.getMessage().contains("ifindex 99999") && add.getMessage().contains("198.18.0.21/24")
                && add.getMessage().contains("No such device"), add.getMessage());

        NetlinkException remove = assertThrows(NetlinkException.class, () -> nl.removeAddress(va, vip, 24));
        assertEquals(Errno.EADDRNOTAVAIL, remove.errno());
        assertTrue(remove.getMessage().contains("remove address 198.18.0.21/24 from va"), remove.getMessage());

        assertThrows(IllegalArgumentException.class, () -> nl.addAddress(va, vip, 33));
        assertThrows(IllegalArgumentException.class, () -> nl.addAddress(0, vip, 24));
    }

    @Test
    void refusesToRemoveAnOperatorsAddress() throws Exception {
        ns.ip("addr", "add", "198.18.0.40/24", "dev", "va");
        ns.ip("addr", "add", "2001:db8::40/64", "dev", "va", "nodad");

        AddressNotOwnedException v4 = assertThrows(AddressNotOwnedException.class,
                () -> nl.removeAddress(va, InetAddress.getByName("198.18.0.40"), 24));
        assertTrue(v4.getMessage().contains("198.18.0.40/24"), v4.getMessage());
        assertThrows(AddressNotOwnedException.class,
                () -> nl.removeAddress(va, InetAddress.getByName("2001:db8::40"), 64));

        assertTrue(addrsOnIp("va").stream().anyMatch(a -> "198.18.0.40".equals(a.get("local"))));
        assertTrue(addrsOnIp("va").stream().anyMatch(a -> "2001:db8::40".equals(a.get("local"))));
    }

    @Test
    void staleCleanupRemovesOnlyMarkedAddresses() throws Exception {
        // carpd's first, so its IPv4 address is the primary of 198.18.0.0/24 and the operator's a secondary.
        nl.addAddress(va, InetAddress.getByName("198.18.0.30"), 24);
        nl.addAddress(va, InetAddress.getByName("2001:db8::30"), 64);
        nl.addAddress(vb, InetAddress.getByName("198.18.1.30"), 24);
        ns.ip("addr", "add", "198.18.0.31/24", "dev", "va");          // same subnet, by hand
        ns.ip("addr", "add", "198.18.0.30/32", "dev", "va");          // same IP, other prefix, by hand
        ns.ip("addr", "add", "198.18.0.30/24", "dev", "vb");          // same IP, other interface, by hand
        ns.ip("addr", "add", "2001:db8::31/64", "dev", "va", "nodad");
        ns.ip("addr", "add", "2001:db8::30/64", "dev", "vb", "nodad");

        assertEquals("0", sysctl("net.ipv4.conf.va.promote_secondaries"), "a fresh namespace does not promote");
        List<InterfaceAddress> removedOnVa = nl.removeStaleAddresses(Set.of(va));
        assertEquals("1", sysctl("net.ipv4.conf.va.promote_secondaries"), "enabled to keep the secondary");
        assertEquals(Set.of("198.18.0.30/24", "2001:db8:0:0:0:0:0:30/64"), cidrs(removedOnVa));
        assertEquals(Set.of("198.18.0.31/24", "198.18.0.30/32"), localsOnIp("va", "inet"));
        assertEquals(Set.of("2001:db8::31/64"), localsOnIp("va", "inet6"));
        assertEquals(Set.of("198.18.1.30/24", "198.18.0.30/24"), localsOnIp("vb", "inet"), "vb was not in the set");

        List<InterfaceAddress> removedEverywhere = nl.removeStaleAddresses();
        assertEquals(Set.of("198.18.1.30/24"), cidrs(removedEverywhere));
        assertEquals(Set.of("198.18.0.30/24"), localsOnIp("vb", "inet"));
        assertEquals(Set.of("2001:db8::30/64"), localsOnIp("vb", "inet6"));
        assertEquals(List.of(), nl.removeStaleAddresses(), "nothing left to clean");
    }

    private static String sysctl(String key) throws Exception {
        return ScratchNetns.run("ip", "netns", "exec", ns.name(), "sysctl", "-n", key).trim();
    }

    private static Set<String> cidrs(List<InterfaceAddress> addresses) {
        return addresses.stream().map(a -> a.address().getHostAddress() + "/" + a.prefixLength())
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Set<String> localsOnIp(String dev, String family) throws Exception {
        return addrsOnIp(dev).stream()
                .filter(a -> family.equals(a.get("family")) && "global".equals(a.get("scope")))
                .map(a -> a.get("local") + "/" + a.get("prefixlen"))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static List<Map<String, String>> addrsOnIp(String dev) throws Exception {
        return IpJson.innerObjects(ns.ip("-j", "addr", "show", "dev", dev));
    }

    private static Map<String, String> addrOnIp(String dev, String local) throws Exception {
        return addrsOnIp(dev).stream().filter(a -> local.equals(a.get("local"))).findFirst()
                .orElseThrow(() -> new AssertionError(local + " not on " + dev));
    }

    private static InterfaceAddress find(List<InterfaceAddress> addresses, InetAddress address) {
        return addresses.stream().filter(a -> a.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not in " + addresses));
    }
}
