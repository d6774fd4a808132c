package org.carpd.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carpd.core.config.VirtualAddress;
import org.carpd.net.netlink.AddressNotOwnedException;
import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.NetlinkException;
import org.junit.jupiter.api.Test;

/** Which address changes count as failed (FAILED in carpctl) and for how long. */
class AddressKeeperTest {
    private static final int ETH0 = 7;

    /** An interface's addresses, with errors to throw on the next removal per address. */
    private static final class FakeOps implements AddressKeeper.Ops {
        final Set<VirtualAddress> present = new HashSet<>();
        final Map<VirtualAddress, NetlinkException> removalErrors = new HashMap<>();

        @Override
        public void add(int ifindex, VirtualAddress a) throws NetlinkException {
            if (!present.add(a)) {
                throw new NetlinkException("add address " + a, Errno.EEXIST);
            }
        }

        @Override
        public void remove(int ifindex, VirtualAddress a) throws NetlinkException {
            NetlinkException e = removalErrors.get(a);
            if (e != null) {
                throw e;
            }
            if (!present.remove(a)) {
                throw new NetlinkException("remove address " + a, Errno.EADDRNOTAVAIL);
            }
        }

        @Override
        public Map<Integer, Set<VirtualAddress>> addressesByInterface() {
            return present.isEmpty() ? Map.of() : Map.of(ETH0, Set.copyOf(present));
        }
    }

    private final FakeOps ops = new FakeOps();
    private final List<String> logged = new ArrayList<>();
    private final AddressKeeper keeper = new AddressKeeper(ops, new HostListener() {
        @Override
        public void ioFailed(String carpInterface, String message) {
            logged.add(carpInterface + ": " + message);
        }
    });

    private static VirtualAddress va(String cidr) throws Exception {
        String[] p = cidr.split("/");
        return new VirtualAddress(InetAddress.getByName(p[0]), Integer.parseInt(p[1]));
    }

    @Test
    void removingAnAddressTheKernelAlreadyFlushedIsNoFailure() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        VirtualAddress v6 = va("2001:db8::10/64");
        keeper.change("eth0", ETH0, "carp0", List.of(v4, v6), true);
        ops.present.remove(v6); // eth0 went down: Linux flushed its IPv6 addresses
        keeper.change("eth0", ETH0, "carp0", List.of(v4, v6), false);
        assertEquals(Map.of(), keeper.failures(), "EADDRNOTAVAIL on removal: already gone");
        assertTrue(logged.isEmpty(), logged.toString());
        assertTrue(ops.present.isEmpty());
    }

    @Test
    void anAddedIpv6AddressAwaitsTheKernelsReportUntilItComesOrTheAddressGoes() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        VirtualAddress v6 = va("2001:db8::10/64");
        VirtualAddress other6 = va("2001:db8::11/64");
        keeper.change("eth0", ETH0, "carp0", List.of(v4, v6, other6), true);
        assertFalse(keeper.awaitingKernel(v4.address()), "Linux makes an IPv4 address usable as it adds it");
        assertTrue(keeper.awaitingKernel(v6.address()));
        keeper.addressReported(v6.address());
        assertFalse(keeper.awaitingKernel(v6.address()), "RTM_NEWADDR came: usable");
        assertTrue(keeper.awaitingKernel(other6.address()), "only the reported address");

        keeper.change("eth0", ETH0, "carp0", List.of(other6), false);
        assertFalse(keeper.awaitingKernel(other6.address()), "removed before the report: nothing to wait for");
        keeper.change("eth0", ETH0, "carp0", List.of(other6), true);
        keeper.interfaceGone(ETH0);
        assertFalse(keeper.awaitingKernel(other6.address()), "its interface was deleted");
        keeper.change("eth0", ETH0, "carp0", List.of(v6), true); // EEXIST: not added by this call
        assertFalse(keeper.awaitingKernel(v6.address()), "an add that failed adds nothing to wait for");
        keeper.change("eth0", ETH0, "carp0", List.of(other6), true);
        keeper.forgetUnconfirmed();
        assertFalse(keeper.awaitingKernel(other6.address()), "events were lost: no report can be counted on");
    }

    @Test
    void removingFromADeletedInterfaceIsNoFailure() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        ops.removalErrors.put(v4, new NetlinkException("remove address 198.18.0.10/24 on ifindex 7", Errno.ENODEV));
        keeper.change("eth0", ETH0, "carp0", List.of(v4), false);
        assertEquals(Map.of(), keeper.failures(), "the addresses went with the interface");
    }

    @Test
    void aRemovalThatReallyFailedStaysFailedEvenAfterItsInterfaceIsDestroyed() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        keeper.change("eth0", ETH0, "carp0", List.of(v4), true);
        ops.removalErrors.put(v4, new NetlinkException("remove address 198.18.0.10/24 from eth0", Errno.EPERM));
        keeper.change("eth0", ETH0, "carp0", List.of(v4), false);
        assertTrue(keeper.failures().get("carp0").contains("EPERM"), keeper.failures().toString());
        assertEquals(1, logged.size());

        keeper.retain(Set.of("carp1")); // carpctl carp0 destroy
        assertTrue(keeper.failures().containsKey("carp0"), "the address is still on the host: keep saying so");

        keeper.addressRemoved(ETH0 + 1, v4.address(), 24);
        assertTrue(keeper.failures().containsKey("carp0"), "the same address on another interface is not ours");
        keeper.addressRemoved(ETH0, v4.address(), 24); // the operator removed it by hand
        assertEquals(Map.of(), keeper.failures());
    }

    @Test
    void otherFailuresOfADestroyedInterfaceAreForgotten() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        ops.present.add(v4); // someone else's copy: our add fails, nothing of ours is left behind
        keeper.change("eth0", ETH0, "carp0", List.of(v4), true);
        assertTrue(keeper.failures().get("carp0").contains("EEXIST"));
        keeper.retain(Set.of());
        assertEquals(Map.of(), keeper.failures());
    }

    @Test
    void anAddressThatIsNotOursIsAFailedRemovalUntilTheInterfaceIsDeleted() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        ops.removalErrors.put(v4, new AddressNotOwnedException("remove address 198.18.0.10/24 from eth0", "no protocol"));
        keeper.change("eth0", ETH0, "carp0", List.of(v4), false);
        assertTrue(keeper.failures().containsKey("carp0"));
        keeper.interfaceGone(ETH0 + 1);
        assertTrue(keeper.failures().containsKey("carp0"));
        keeper.interfaceGone(ETH0);
        assertEquals(Map.of(), keeper.failures(), "deleted with its interface");
    }

    @Test
    void aLaterSuccessClearsTheFailure() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        keeper.change("eth0", null, "carp0", List.of(v4), true);
        assertEquals("carpdev eth0 is not open", keeper.failures().get("carp0"));
        keeper.change("eth0", ETH0, "carp0", List.of(v4), true);
        assertEquals(Map.of(), keeper.failures());
    }

    @Test
    void aRestoreClearsAFailedAddButNotAFailedRemovalOfAnotherAddress() throws Exception {
        VirtualAddress kept = va("198.18.0.10/24");
        VirtualAddress dropped = va("198.18.0.11/24");
        keeper.change("eth0", null, "carp0", List.of(kept), true);
        assertTrue(keeper.restore("carp0", ETH0, kept));
        assertEquals(Map.of(), keeper.failures(), "the address is there now");

        ops.present.add(dropped);
        ops.removalErrors.put(dropped, new NetlinkException("remove address 198.18.0.11/24 from eth0", Errno.EPERM));
        keeper.change("eth0", ETH0, "carp0", List.of(dropped), false); // dropped from the configuration
        ops.present.remove(kept);
        assertTrue(keeper.restore("carp0", ETH0, kept));
        assertTrue(keeper.failures().get("carp0").contains("EPERM"), "198.18.0.11 is still on the host");
    }

    @Test
    void restoreOfAnAddressThatIsBackAlreadyIsNoFailure() throws Exception {
        VirtualAddress v4 = va("198.18.0.10/24");
        assertEquals(Map.of(), keeper.presentByInterface());
        assertTrue(keeper.restore("carp0", ETH0, v4));
        assertEquals(Map.of(ETH0, Set.of(v4)), keeper.presentByInterface());
        assertFalse(keeper.restore("carp0", ETH0, v4), "back already (EEXIST): nothing to do, no failure");
        assertEquals(Map.of(), keeper.failures());
        assertTrue(logged.isEmpty(), logged.toString());
    }
}
