package org.carpd.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carpd.core.config.VirtualAddress;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.Interval;
import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.NetlinkException;
import org.junit.jupiter.api.Test;

/** When a new master's announcements go: IPv4 at once, a just-added IPv6 address once the kernel reports it. */
class AnnouncementsTest {
    private static final int ETH0 = 7;
    private static final long T0 = 1_000_000_000L;

    /** Interface addresses as a set; adding one twice is EEXIST. */
    private static final class FakeOps implements AddressKeeper.Ops {
        final Set<VirtualAddress> present = new HashSet<>();

        @Override
        public void add(int ifindex, VirtualAddress a) throws NetlinkException {
            if (!present.add(a)) {
                throw new NetlinkException("add address " + a, Errno.EEXIST);
            }
        }

        @Override
        public void remove(int ifindex, VirtualAddress a) {
            present.remove(a);
        }

        @Override
        public Map<Integer, Set<VirtualAddress>> addressesByInterface() {
            return new HashMap<>(Map.of(ETH0, Set.copyOf(present)));
        }
    }

    private final AddressKeeper keeper = new AddressKeeper(new FakeOps(), new HostListener() {
    });
    private final List<Action.Announce> sent = new ArrayList<>();
    private final Announcements announcements = new Announcements(keeper, sent::add);
    private final VirtualAddress v4 = va("198.18.0.10/24");
    private final VirtualAddress v6 = va("2001:db8::10/64");

    private static VirtualAddress va(String cidr) {
        String[] p = cidr.split("/");
        try {
            return new VirtualAddress(InetAddress.getByName(p[0]), Integer.parseInt(p[1]));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Action.Announce announce(VirtualAddress... addresses) {
        return new Action.Announce("eth0", "carp0", List.of(addresses));
    }

    /** A new master: both addresses added, then announced. */
    private void takeOver() {
        keeper.change("eth0", ETH0, "carp0", List.of(v4, v6), true);
        announcements.announce(T0, announce(v4, v6));
    }

    @Test
    void theIpv6AnnouncementWaitsForTheKernelsReportAndGoesAtIt() {
        takeOver();
        assertEquals(List.of(announce(v4)), sent, "IPv4 is usable as soon as it is added");
        announcements.sendDue(T0 + 1_000_000);
        assertEquals(1, sent.size(), "no report yet, the wait is not over");
        assertEquals(T0 + Interval.ANNOUNCE_WAIT, announcements.due(T0 + 1_000_000), "the protocol loop wakes for it");

        keeper.addressReported(v6.address());
        announcements.sendDue(T0 + 3_000_000);
        assertEquals(List.of(announce(v4), announce(v6)), sent);
        assertEquals(T0 + 3_000_000 + 1_000_000_000L, announcements.due(T0 + 3_000_000), "nothing waits any more");
        announcements.sendDue(T0 + Interval.ANNOUNCE_WAIT);
        assertEquals(2, sent.size(), "sent once");
    }

    @Test
    void withoutAReportTheAnnouncementGoesWhenTheWaitIsOver() {
        takeOver();
        announcements.sendDue(T0 + Interval.ANNOUNCE_WAIT - 1);
        assertEquals(1, sent.size());
        announcements.sendDue(T0 + Interval.ANNOUNCE_WAIT);
        assertEquals(List.of(announce(v4), announce(v6)), sent);
    }

    @Test
    void aReportedAddressIsAnnouncedAtOnceTheNextTimes() {
        takeOver();
        keeper.addressReported(v6.address());
        announcements.sendDue(T0 + 1_000_000);
        sent.clear();
        announcements.announce(T0 + 2_000_000_000L, announce(v4, v6)); // announce-repeat, two intervals later
        assertEquals(List.of(announce(v4, v6)), sent);
    }

    @Test
    void anAddressRemovedWhileWaitingIsNotAnnounced() {
        takeOver();
        Action.RemoveAddresses removal = new Action.RemoveAddresses("eth0", "carp0", 1, List.of(v4, v6));
        announcements.forget(removal);
        keeper.change("eth0", ETH0, "carp0", List.of(v4, v6), false);
        announcements.sendDue(T0 + Interval.ANNOUNCE_WAIT);
        assertEquals(List.of(announce(v4)), sent, "the vhid left MASTER before the kernel reported the address");
    }
}
