package org.carpd.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packet transport, multicast membership and announcements on a real (namespaced) segment. Root only. */
class PacketTransportLabTest {
    private static NetnsLab lab;

    @BeforeAll
    static void buildLab() {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(2);
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void sentCarpFramesArriveThroughTheFilterOverIpv4AndIpv6() throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        try (PacketTransport sender = open(lab.host(1), new LinkedBlockingQueue<>());
             PacketTransport receiver = open(lab.host(2), received)) {
            assertTrue(receiver.isReceiving());
            byte[] v4 = TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 1);
            byte[] v6 = TestFrames.carpOverIpv6(lab.host(1).mac(), "2001:db8::1", 2);
            sender.send(v4);
            sender.send(v6);
            assertArrayEquals(v4, received.poll(3, TimeUnit.SECONDS));
            assertArrayEquals(v6, received.poll(3, TimeUnit.SECONDS));
        }
    }

    @Test
    void otherTrafficDoesNotPassTheFilter() throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        try (PacketTransport sender = open(lab.host(1), new LinkedBlockingQueue<>());
             PacketTransport receiver = open(lab.host(2), received)) {
            assertTrue(receiver.isReceiving());
            LabHost client = lab.client();
            client.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", lab.host(2).ipv4().getHostAddress()).requireSuccess();
            client.exec("ping", "-6", "-c", "2", "-i", "0.2", "-W", "2", lab.host(2).ipv6().getHostAddress())
                    .requireSuccess();
            byte[] sentinel = TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 3);
            sender.send(sentinel);
            // ARP, ND and ICMP reached h2 before the sentinel; the first frame we see must be the sentinel
            assertArrayEquals(sentinel, received.poll(3, TimeUnit.SECONDS));
            assertNull(received.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * The kernel takes an 802.1Q tag off a received frame before the capture sees it; the
     * filter must then refuse the frame (it is the VLAN's), or an advertisement of VLAN 7 would
     * count as one on the untagged carpdev.
     */
    @Test
    void aVlanTaggedAdvertisementIsNotReadOnTheUntaggedInterface() throws Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        try (PacketTransport sender = open(lab.host(1), new LinkedBlockingQueue<>());
             PacketTransport receiver = open(lab.host(2), received)) {
            assertTrue(receiver.isReceiving());
            byte[] plain = TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 8);
            byte[] tagged = new byte[plain.length + 4];
            System.arraycopy(plain, 0, tagged, 0, 12);
            tagged[12] = (byte) 0x81; // 802.1Q, VLAN 7
            tagged[15] = 7;
            System.arraycopy(plain, 12, tagged, 16, plain.length - 12);
            sender.send(tagged);
            byte[] sentinel = TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 9);
            sender.send(sentinel);
            assertArrayEquals(sentinel, received.poll(3, TimeUnit.SECONDS), "the tagged frame is not read");
            assertNull(received.poll(200, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void framesSentFromThisHostAreNotReadBack() throws Exception {
        BlockingQueue<byte[]> ownQueue = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> neighbourQueue = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> otherLocalQueue = new LinkedBlockingQueue<>();
        try (PacketTransport own = open(lab.host(1), ownQueue);
             PacketTransport otherLocal = open(lab.host(1), otherLocalQueue);
             PacketTransport neighbour = open(lab.host(2), neighbourQueue)) {
            assertTrue(neighbour.isReceiving());
            byte[] a = TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 4);
            byte[] b = TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 5);
            own.send(a);
            otherLocal.send(b);
            assertArrayEquals(a, neighbourQueue.poll(3, TimeUnit.SECONDS));
            assertArrayEquals(b, neighbourQueue.poll(3, TimeUnit.SECONDS));
            assertNull(ownQueue.poll(300, TimeUnit.MILLISECONDS), "outbound frames are not captured");
            assertNull(otherLocalQueue.poll(10, TimeUnit.MILLISECONDS), "outbound frames are not captured");
        }
    }

    @Test
    void closeReturnsPromptlyAndStopsTheTransport() throws Exception {
        PacketTransport t = open(lab.host(2), new LinkedBlockingQueue<>());
        assertTrue(t.isReceiving());
        long start = System.nanoTime();
        t.close();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 1000, "close took " + millis + " ms");
        assertFalse(t.isReceiving());
        IOException e = assertThrows(IOException.class,
                () -> t.send(TestFrames.carpOverIpv4(lab.host(2).mac(), "198.18.0.2", 6)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        t.close(); // idempotent
    }

    @Test
    void aHandlerMayCloseItsOwnTransport() throws Exception {
        java.util.concurrent.atomic.AtomicReference<PacketTransport> self = new java.util.concurrent.atomic.AtomicReference<>();
        PacketTransport rx = lab.host(2).runInNamespace(() -> PacketTransport.open("eth0", (f, n) -> self.get().close()));
        self.set(rx);
        try (PacketTransport tx = open(lab.host(1), new LinkedBlockingQueue<>())) {
            tx.send(TestFrames.carpOverIpv4(lab.host(1).mac(), "198.18.0.1", 7));
            for (int i = 0; i < 40 && rx.isReceiving(); i++) {
                Thread.sleep(50);
            }
            assertFalse(rx.isReceiving(), "receive thread ended after the handler closed the transport");
        } finally {
            rx.close();
        }
    }

    @Test
    void openingAMissingInterfaceFailsWithItsName() {
        IOException e = assertThrows(IOException.class,
                () -> lab.host(1).runInNamespace(() -> PacketTransport.open("nosuch0", (f, n) -> { })));
        assertTrue(e.getMessage().contains("nosuch0"), e.getMessage());
    }

    @Test
    void multicastMembershipShowsInIpMaddrUntilClosed() throws Exception {
        LabHost h1 = lab.host(1);
        assertFalse(maddr(h1).contains("224.0.0.18"));
        MulticastMembership m = h1.runInNamespace(() -> MulticastMembership.join("eth0"));
        try {
            String shown = maddr(h1);
            assertTrue(shown.contains("inet  224.0.0.18"), shown);
            assertTrue(shown.contains("inet6 ff02::12"), shown);
            assertEquals(2, m.groups().size());
        } finally {
            m.close();
        }
        String after = maddr(h1);
        assertFalse(after.contains("224.0.0.18"), after);
        assertFalse(after.contains("ff02::12"), after);
        IOException e = assertThrows(IOException.class,
                () -> h1.runInNamespace(() -> MulticastMembership.join("nosuch0")));
        assertTrue(e.getMessage().contains("nosuch0"), e.getMessage());
    }

    @Test
    void gratuitousArpMovesTheClientsNeighbourEntryToOurMac() throws Exception {
        LabHost client = lab.client();
        client.exec("ip", "neigh", "replace", "198.18.0.50", "lladdr", "02:00:00:00:00:99", "dev", "eth0",
                "nud", "stale").requireSuccess();
        assertTrue(neigh(client, "198.18.0.50").contains("02:00:00:00:00:99"));
        try (PacketTransport t = open(lab.host(1), new LinkedBlockingQueue<>())) {
            new Announcer(t, lab.host(1).mac()).announce(InetAddress.getByName("198.18.0.50"));
            String entry = awaitNeigh(client, "198.18.0.50", lab.host(1).mac().toString());
            assertTrue(entry.contains(lab.host(1).mac().toString()), entry);
        }
    }

    @Test
    void unsolicitedNeighborAdvertisementMovesTheClientsEntryToOurMac() throws Exception {
        LabHost client = lab.client();
        client.exec("ip", "-6", "neigh", "replace", "2001:db8::50", "lladdr", "02:00:00:00:00:99", "dev", "eth0",
                "nud", "stale").requireSuccess();
        assertTrue(neigh(client, "2001:db8::50").contains("02:00:00:00:00:99"));
        try (PacketTransport t = open(lab.host(1), new LinkedBlockingQueue<>())) {
            new Announcer(t, lab.host(1).mac()).announce(InetAddress.getByName("2001:db8::50"));
            String entry = awaitNeigh(client, "2001:db8::50", lab.host(1).mac().toString());
            assertTrue(entry.contains(lab.host(1).mac().toString()), entry);
        }
    }

    private static PacketTransport open(LabHost host, BlockingQueue<byte[]> sink) throws Exception {
        PacketTransport t = host.runInNamespace(
                () -> PacketTransport.open(LabHost.INTERFACE, (frame, len) -> sink.add(Arrays.copyOf(frame, len))));
        assertNotNull(t);
        return t;
    }

    private static String maddr(LabHost h) {
        return h.exec("ip", "maddr", "show", "dev", "eth0").requireSuccess().output();
    }

    private static String neigh(LabHost h, String address) {
        return h.exec("ip", "neigh", "show", address, "dev", "eth0").requireSuccess().output();
    }

    private static String awaitNeigh(LabHost h, String address, String expected) throws InterruptedException {
        String entry = "";
        for (int i = 0; i < 40 && !entry.contains(expected); i++) {
            entry = neigh(h, address);
            Thread.sleep(50);
        }
        return entry;
    }


}
