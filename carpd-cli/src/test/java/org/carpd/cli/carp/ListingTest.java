package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
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
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.INIT, false)), Map.of());
        assertEquals(List.of("carp0: flags=<UP> carpdev eth0", "\tcarp: INIT vhid 1 advbase 1 advskew 0 demote 1",
                "\tinet 198.18.0.10/24"), lines);
        String json = Listing.interfacesJson(List.of(carp0(CarpState.INIT, false)), Map.of());
        assertEquals(true, json.contains("\"state\":\"INIT\"") && json.contains("\"carpdev_up\":false"), json);
    }

    @Test
    void maintenanceHeadsTheListingAndShowsInEveryJsonInterface() throws Exception {
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.BACKUP, true)), Map.of(),
                List.of("maintenance since 2026-12-02T15:00:00Z (every vhid stays BACKUP)"));
        assertEquals(List.of("maintenance since 2026-12-02T15:00:00Z (every vhid stays BACKUP)",
                "carp0: flags=<UP,RUNNING> carpdev eth0", "\tcarp: BACKUP vhid 1 advbase 1 advskew 0 demote 1",
                "\tinet 198.18.0.10/24"), lines);
        assertEquals(true, Listing.interfacesJson(List.of(carp0(CarpState.BACKUP, true)), Map.of(), true)
                .contains("\"maintenance\":true"));
        assertEquals(true, Listing.interfacesJson(List.of(carp0(CarpState.BACKUP, true)), Map.of())
                .contains("\"maintenance\":false"));
    }

    @Test
    void aDestroyedInterfaceWhoseAddressesCouldNotBeRemovedStaysListedAsFailed() throws Exception {
        Map<String, String> failures = Map.of("carp1", "remove address 198.18.0.20/24 from eth0: EPERM");
        List<String> lines = Listing.interfaces(List.of(carp0(CarpState.BACKUP, true)), failures);
        assertEquals(List.of("carp0: flags=<UP,RUNNING> carpdev eth0", "\tcarp: BACKUP vhid 1 advbase 1 advskew 0 demote 1",
                "\tinet 198.18.0.10/24", "carp1: flags=<FAILED> destroyed",
                "\tfailed: remove address 198.18.0.20/24 from eth0: EPERM"), lines);
        String json = Listing.interfacesJson(List.of(), failures);
        assertEquals("[{\"name\":\"carp1\",\"destroyed\":true,\"failed\":\"remove address 198.18.0.20/24 from eth0: EPERM\"}]",
                json);
    }
}
