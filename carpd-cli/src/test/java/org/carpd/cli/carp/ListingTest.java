package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.carpd.core.config.UnicastPeers;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.VirtualHostStatus;
import org.junit.jupiter.api.Test;

/** How carpctl lists carp interfaces whose carpdev is gone, and failed removals. */
class ListingTest {
    private static VirtualHostStatus carp0(CarpState state, boolean carpdevUp) throws Exception {
        return new VirtualHostStatus("carp0", "eth0", 1, state, 1, 0, 1, true, carpdevUp,
                List.of(new VirtualAddress(InetAddress.getByName("198.18.0.10"), 24)));
    }

    @Test
    void aMissingCarpdevShowsAsInitWithoutRunning() throws Exception {
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.INIT, false)), Map.of(), Listing.Options.NONE);
        assertEquals(List.of("carp0: flags=<UP> carpdev eth0", "\tcarp: INIT vhid 1 advbase 1 advskew 0 demote 1",
                "\tinet 198.18.0.10/24"), lines);
        String json = Listing.interfacesJson(List.of(carp0(CarpState.INIT, false)), Map.of(), Listing.Options.NONE);
        assertEquals(true, json.contains("\"state\":\"INIT\"") && json.contains("\"carpdev_up\":false"), json);
    }

    @Test
    void maintenanceHeadsTheListingAndShowsInEveryJsonInterface() throws Exception {
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.BACKUP, true)), Map.of(),
                Listing.Options.NONE.withNotes(List.of("maintenance since 2026-12-02T15:00:00Z (every vhid stays BACKUP)")));
        assertEquals(List.of("maintenance since 2026-12-02T15:00:00Z (every vhid stays BACKUP)",
                "carp0: flags=<UP,RUNNING> carpdev eth0", "\tcarp: BACKUP vhid 1 advbase 1 advskew 0 demote 1",
                "\tinet 198.18.0.10/24"), lines);
        assertEquals(true, Listing.interfacesJson(List.of(carp0(CarpState.BACKUP, true)), Map.of(),
                        Listing.Options.NONE.withMaintenance(true))
                .contains("\"maintenance\":true"));
        assertEquals(true, Listing.interfacesJson(List.of(carp0(CarpState.BACKUP, true)), Map.of(), Listing.Options.NONE)
                .contains("\"maintenance\":false"));
    }

    @Test
    void aDestroyedInterfaceWhoseAddressesCouldNotBeRemovedStaysListedAsFailed() throws Exception {
        Map<String, String> failures = Map.of("carp1", "remove address 198.18.0.20/24 from eth0: EPERM");
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.BACKUP, true)), failures, Listing.Options.NONE);
        assertEquals(List.of("carp0: flags=<UP,RUNNING> carpdev eth0", "\tcarp: BACKUP vhid 1 advbase 1 advskew 0 demote 1",
                "\tinet 198.18.0.10/24", "carp1: flags=<FAILED> destroyed",
                "\tfailed: remove address 198.18.0.20/24 from eth0: EPERM"), lines);
        String json = Listing.interfacesJson(List.of(), failures, Listing.Options.NONE);
        assertEquals("[{\"name\":\"carp1\",\"destroyed\":true,\"failed\":\"remove address 198.18.0.20/24 from eth0: EPERM\"}]",
                json);
    }

    @Test
    void peersAreListedAfterTheAddressesAndInJson() throws Exception {
        VirtualHostStatus s = new VirtualHostStatus("carp0", "eth0", 1, CarpState.MASTER, 1, 0, 0, true, true,
                List.of(new VirtualAddress(InetAddress.getByName("198.18.0.10"), 24)),
                new UnicastPeers(List.of(InetAddress.getByName("198.18.2.2"), InetAddress.getByName("2001:db8:2:0::2")),
                        250));
        assertEquals(List.of("carp0: flags=<UP,RUNNING> carpdev eth0", "\tcarp: MASTER vhid 1 advbase 1 advskew 0 demote 0",
                "\tinet 198.18.0.10/24", "\tcarppeer 198.18.2.2", "\tcarppeer 2001:db8:2::2", "\tpeer-min-ttl 250"),
                Listing.interfaces(List.of(s), Map.of(), Listing.Options.NONE));
        String json = Listing.interfacesJson(List.of(s), Map.of(), Listing.Options.NONE);
        assertEquals(true, json.endsWith("\"addresses\":[\"198.18.0.10/24\"],\"peers\":[\"198.18.2.2\",\"2001:db8:2::2\"],"
                + "\"peer_min_ttl\":250}]"), json);
        String none = Listing.interfacesJson(List.of(carp0(CarpState.MASTER, true)), Map.of(), Listing.Options.NONE);
        assertEquals(true, none.contains("\"peers\":[],\"peer_min_ttl\":255"), none);
    }

    @Test
    void theMacInUseIsListedAfterTheCarpLine() throws Exception {
        Map<String, String> lladdrs = Map.of("carp0", "00:00:5e:00:01:01 (macvlan carp0)");
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.MASTER, true)), Map.of(),
                Listing.Options.NONE.withLladdrs(lladdrs));
        assertEquals("\tlladdr 00:00:5e:00:01:01 (macvlan carp0)", lines.get(2), lines.toString());
        String json = Listing.interfacesJson(List.of(carp0(CarpState.MASTER, true)), Map.of(),
                Listing.Options.NONE.withLladdrs(lladdrs));
        assertEquals(true, json.contains(",\"lladdr\":\"00:00:5e:00:01:01 (macvlan carp0)\","), json);
    }
}
