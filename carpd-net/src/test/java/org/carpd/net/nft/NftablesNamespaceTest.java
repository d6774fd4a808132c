package org.carpd.net.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import org.carpd.net.netlink.NetfilterTables;
import org.carpd.testing.lab.NetnsLab;
import org.carpd.testing.netns.NetnsThread;
import org.carpd.testing.netns.ScratchNetns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** libnftables through jnr-ffi against the real kernel, in a throw-away namespace. */
class NftablesNamespaceTest {
    private static ScratchNetns ns;
    private static NetnsThread inNs;
    private static Nftables nft;

    @BeforeAll
    static void open() throws Exception {
        NetnsLab.assumeAvailable();
        assumeTrue(Nftables.available(), "libnftables1 is not installed");
        ns = ScratchNetns.create("nft");
        inNs = NetnsThread.enter(ns.name());
        nft = inNs.call(Nftables::open);
    }

    @AfterAll
    static void close() throws Exception {
        if (nft != null) {
            inNs.call(() -> {
                nft.close();
                return null;
            });
        }
        if (inNs != null) {
            inNs.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private String run(String commands) throws Exception {
        return inNs.call(() -> nft.run(commands));
    }

    @Test
    void appliesABatchInTheThreadsNamespaceAndListsIt() throws Exception {
        run("add table inet carpd_t1\n"
                + "add set inet carpd_t1 buckets { type mark; }\n"
                + "add element inet carpd_t1 buckets { 0, 2 }\n");
        String listed = run("list set inet carpd_t1 buckets");
        assertTrue(listed.contains("elements = { 0x00000000, 0x00000002 }")
                || listed.contains("elements = { 0, 2 }"), listed);
        // The nft command in the same namespace sees what the library applied.
        assertTrue(ScratchNetns.run("ip", "netns", "exec", ns.name(), "nft", "list", "tables")
                .contains("table inet carpd_t1"));
        // ... and the test's own namespace does not.
        assertFalse(ScratchNetns.run("nft", "list", "tables").contains("carpd_t1"));
        run("delete table inet carpd_t1");
    }

    @Test
    void nfnetlinkListsTheTablesOfEveryFamilyWithoutLibnftables() throws Exception {
        assertFalse(inNs.call(NetfilterTables::names).contains("carpd_t3"));
        run("add table arp carpd_t3\nadd table ip6 carpd_t4\n");
        Set<String> names = inNs.call(NetfilterTables::names);
        assertTrue(names.containsAll(Set.of("carpd_t3", "carpd_t4")), names.toString());
        // The namespace's tables only: the test's own namespace has none of them.
        assertFalse(NetfilterTables.names().contains("carpd_t3"));
        run("delete table arp carpd_t3\ndelete table ip6 carpd_t4\n");
        names = inNs.call(NetfilterTables::names);
        assertFalse(names.contains("carpd_t3") || names.contains("carpd_t4"), names.toString());
    }

    @Test
    void aBatchWithOneBadLineAppliesNothingAndSaysWhy() throws Exception {
        NftablesException e = assertThrows(NftablesException.class, () -> run(
                "add table inet carpd_t2\nadd chain inet carpd_t2 c { type filter hook prerouting priority nonsense; }\n"));
        assertTrue(e.getMessage().contains("invalid priority"), e.getMessage());
        assertEquals("", run("list tables inet").lines().filter(l -> l.contains("carpd_t2")).reduce("", String::concat));
    }
}
