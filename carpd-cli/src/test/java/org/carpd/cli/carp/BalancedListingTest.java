package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.carpd.core.config.Balancing;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.BalancedStatus;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.VirtualHostStatus;
import org.junit.jupiter.api.Test;

/** carpctl's listing of a load-balanced interface: carpnodes, buckets served, kept and dropped packets. */
class BalancedListingTest {
    private static final Balancing BAL = new Balancing(Balancing.Mode.IP_STEALTH,
            List.of(new Balancing.CarpNode(4, 0), new Balancing.CarpNode(2, 100)));

    private static VirtualHostStatus carp0() throws Exception {
        return new VirtualHostStatus("carp0", "eth0", 2, CarpState.MASTER, 1, 100, 0, true, true,
                List.of(new VirtualAddress(InetAddress.getByName("198.51.100.10"), 24)));
    }

    private static BalancedListing listing(Map<String, long[]> counters) {
        BalancedStatus b = new BalancedStatus("carp0", "eth0", BAL, List.of(
                new BalancedStatus.Node(0, 2, 100, CarpState.BACKUP), new BalancedStatus.Node(1, 4, 0, CarpState.MASTER)),
                new TreeSet<>(List.of(1)));
        return new BalancedListing(Map.of("carp0", b), counters);
    }

    @Test
    void textShowsEachCarpnodeTheBucketsAndTheCounters() throws Exception {
        List<String> lines = Listing.interfaces(List.of(carp0()), Map.of(),
                Listing.Options.NONE.withBalanced(listing(Map.of("carp0", new long[] {7, 9}))));
        assertEquals(List.of("carp0: flags=<UP,RUNNING> carpdev eth0",
                "\tcarp: MASTER carpnodes 2:100,4:0 balancing ip-stealth advbase 1 demote 0",
                "\t\tstate BACKUP vhid 2 advskew 100 bucket 0",
                "\t\tstate MASTER vhid 4 advskew 0 bucket 1",
                "\tbalancing: mac 00:00:5e:00:01:02 serving buckets 1 of 2, packets kept 7 dropped 9",
                "\tinet 198.51.100.10/24"), lines);
        List<String> noRules = Listing.interfaces(List.of(carp0()), Map.of(),
                Listing.Options.NONE.withBalanced(listing(Map.of())));
        assertTrue(noRules.get(4).endsWith("serving buckets 1 of 2, no rules installed"), noRules.toString());
    }

    @Test
    void jsonHasABalancingObject() throws Exception {
        String json = Listing.interfacesJson(List.of(carp0()), Map.of(),
                Listing.Options.NONE.withBalanced(listing(Map.of("carp0", new long[] {7, 9}))));
        assertTrue(json.contains(",\"balancing\":{\"mode\":\"ip-stealth\",\"mac\":\"00:00:5e:00:01:02\",\"carpnodes\":["
                + "{\"vhid\":2,\"advskew\":100,\"state\":\"BACKUP\",\"bucket\":0},{\"vhid\":4,\"advskew\":0,\"state\":\"MASTER\","
                + "\"bucket\":1}],\"buckets\":2,\"serving\":[1],\"kept\":7,\"dropped\":9}"), json);
        String plain = Listing.interfacesJson(List.of(carp0()), Map.of(), Listing.Options.NONE);
        assertTrue(!plain.contains("balancing"), plain);
    }
}
