package org.carpd.net.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.net.frame.PacketTransport;
import org.carpd.testing.lab.LabHost;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unicast advertisements through raw sockets on a namespaced segment: the packet arrives as
 * built (source, TTL 255, CARP bytes) over IPv4, IPv6 global and IPv6 link-local, and a host whose
 * sender is open answers no peer packet with ICMP "protocol unreachable". Root only.
 */
class RawSocketSenderLabTest {
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

    private static Advertisement ad(long counter) {
        return new Advertisement(1, 0, 0, 1, counter, new byte[Advertisement.HMAC_LENGTH]);
    }

    private static int ifindex(LabHost h) {
        String out = h.exec("cat", "/sys/class/net/eth0/ifindex").requireSuccess().output().strip();
        return Integer.parseInt(out);
    }

    private static Inet6Address linkLocal(LabHost h) throws Exception {
        String out = h.exec("ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "link").requireSuccess().output();
        Matcher m = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/").matcher(out);
        assertTrue(m.find(), out);
        return (Inet6Address) InetAddress.getByName(m.group(1));
    }

    /** ICMP destination-unreachable messages the host has sent (IcmpMsg OutType3). */
    private static long unreachablesSent(LabHost h) {
        String snmp = h.exec("cat", "/proc/net/snmp").requireSuccess().output();
        String[] lines = snmp.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("IcmpMsg:") && lines[i + 1].startsWith("IcmpMsg:")) {
                String[] names = lines[i].split("\\s+");
                String[] values = lines[i + 1].split("\\s+");
                for (int k = 0; k < names.length; k++) {
                    if (names[k].equals("OutType3")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        return 0;
    }

    @Test
    void packetsArriveAsBuiltInBothFamiliesAndAnOpenSenderSilencesProtocolUnreachable() throws Exception {
        LabHost h1 = lab.host(1);
        LabHost h2 = lab.host(2);
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        Inet6Address ll1 = linkLocal(h1);
        Inet6Address ll2 = linkLocal(h2);
        int ifindex1 = ifindex(h1);
        RawSocketSender tx = h1.runInNamespace(() -> {
            RawSocketSender s = new RawSocketSender();
            s.prepare(true, true);
            return s;
        });
        try (tx; PacketTransport rx = h2.runInNamespace(() -> PacketTransport.open("eth0", (f, n) -> got.add(Arrays.copyOf(f, n))))) {
            byte[] v4 = AdvertisementCodec.encodePacketV4((Inet4Address) h1.ipv4(), (Inet4Address) h2.ipv4(), ad(1), 4711);
            byte[] v6 = AdvertisementCodec.encodePacketV6((Inet6Address) h1.ipv6(), (Inet6Address) h2.ipv6(), ad(2));
            byte[] v6ll = AdvertisementCodec.encodePacketV6(ll1, ll2, ad(3));
            long before = unreachablesSent(h2);
            tx.send(v4, h2.ipv4(), ifindex1);
            tx.send(v6, h2.ipv6(), ifindex1);
            tx.send(v6ll, ll2, ifindex1);
            for (byte[] sent : new byte[][] {v4, v6, v6ll}) {
                byte[] frame = got.poll(3, TimeUnit.SECONDS);
                assertNotNull(frame, "nothing arrived");
                assertArrayEquals(h1.mac().toString().getBytes(), org.carpd.core.wire.MacAddress.of(
                        Arrays.copyOfRange(frame, 6, 12)).toString().getBytes(), "from h1's MAC");
                assertArrayEquals(sent, Arrays.copyOfRange(frame, 14, 14 + sent.length), "as built, TTL 255");
            }
            Thread.sleep(200);
            long withoutListener = unreachablesSent(h2) - before;
            assertTrue(withoutListener >= 1, "h2 has no CARP listener: its kernel says protocol unreachable ("
                    + withoutListener + ")");

            RawSocketSender h2Sender = h2.runInNamespace(() -> {
                RawSocketSender s = new RawSocketSender();
                s.prepare(true, false);
                return s;
            });
            try (h2Sender) {
                long quiet = unreachablesSent(h2);
                for (int i = 0; i < 3; i++) {
                    tx.send(v4, h2.ipv4(), ifindex1);
                    assertNotNull(got.poll(3, TimeUnit.SECONDS));
                }
                Thread.sleep(200);
                assertEquals(quiet, unreachablesSent(h2), "an open sender socket takes protocol 112 (and reads nothing)");
            }
        }
    }
}
