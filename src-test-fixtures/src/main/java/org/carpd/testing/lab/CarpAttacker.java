package org.carpd.testing.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;
import org.carpd.core.wire.ReceivedAdvertisement;

/**
 * An attacker on the lab segment without the key: it keeps the genuine advertisements it
 * captures ({@link #observe}, the frame handler of a capture opened in its namespace) and sends
 * them back rewritten ({@link #rewrite}): advbase, advskew and demote changed (the HMAC does not
 * cover them), a new IP source (nor that), even another address family; the HMAC and counter stay
 * as captured, the IP and CARP checksums are recomputed by carpd-core's codec. Frames go out
 * through a {@link FrameSink} (a packet transport in the attacker's namespace), from the attacker's
 * own MAC, so the switch's forwarding table is not disturbed.
 */
public final class CarpAttacker {
    /** Where forged frames go: e.g. {@code PacketTransport::send} in the attacker's namespace. */
    @FunctionalInterface
    public interface FrameSink {
        void send(byte[] frame) throws IOException;
    }

    /** One genuine advertisement as captured. */
    public record Captured(Instant at, ReceivedAdvertisement packet) {
        public Advertisement advertisement() {
            return packet.advertisement();
        }

        public boolean ipv6() {
            return packet.ipv6();
        }
    }

    /**
     * How to rewrite a captured advertisement; {@code null} (or -1 for the numbers) keeps the
     * captured value.
     */
    public record Rewrite(int advbase, int advskew, int demote, InetAddress source) {
        /** Replay unchanged (but from the attacker's MAC). */
        public static final Rewrite UNCHANGED = new Rewrite(-1, -1, -1, null);

        public Rewrite withTimers(int newAdvbase, int newAdvskew) {
            return new Rewrite(newAdvbase, newAdvskew, demote, source);
        }

        public Rewrite withDemote(int newDemote) {
            return new Rewrite(advbase, advskew, newDemote, source);
        }

        public Rewrite from(InetAddress newSource) {
            return new Rewrite(advbase, advskew, demote, newSource);
        }

        /** A bow-out: advbase 255, advskew 255. */
        public Rewrite bowOut() {
            return withTimers(255, 255);
        }
    }

    private final MacAddress ownMac;
    private final List<Captured> captured = new ArrayList<>();
    private final Random random = new Random(1);
    private long sent;

    /** @param ownMac the attacker host's MAC: frames from it are not captured, forged frames use it */
    public CarpAttacker(MacAddress ownMac) {
        this.ownMac = ownMac;
    }

    /** Capture handler: keeps every well-formed advertisement not sent by the attacker itself. */
    public void observe(byte[] frame, int length) {
        if (AdvertisementCodec.decodeFrame(frame, 0, length) instanceof DecodeResult.Accepted a
                && !a.packet().sourceMac().equals(ownMac)) {
            synchronized (captured) {
                captured.add(new Captured(Instant.now(), a.packet()));
                captured.notifyAll();
            }
        }
    }

    /** All advertisements captured so far. */
    public List<Captured> captured() {
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    /** The most recent captured advertisement matching {@code which}, if any. */
    public Optional<Captured> latest(Predicate<Captured> which) {
        synchronized (captured) {
            for (int i = captured.size() - 1; i >= 0; i--) {
                if (which.test(captured.get(i))) {
                    return Optional.of(captured.get(i));
                }
            }
        }
        return Optional.empty();
    }

    /** Waits until an advertisement matching {@code which} is captured at or after {@code since}. */
    public Captured await(Predicate<Captured> which, Instant since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (captured) {
            while (true) {
                Optional<Captured> c = latest(x -> !x.at().isBefore(since) && which.test(x));
                if (c.isPresent()) {
                    return c.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LabException("no matching advertisement captured within " + timeout + "; have "
                            + captured.size());
                }
                captured.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Predicate: an advertisement sent from {@code source} (IPv4 own address or IPv6 link-local). */
    public static Predicate<Captured> from(InetAddress source) {
        return c -> c.packet().source().equals(source);
    }

    /** Predicate: an advertisement whose Ethernet source is {@code mac}. */
    public static Predicate<Captured> fromMac(MacAddress mac) {
        return c -> c.packet().sourceMac().equals(mac);
    }

    /** {@code c} rewritten as {@code how} says: HMAC and counter as captured, checksums valid. */
    public byte[] rewrite(Captured c, Rewrite how) {
        Advertisement ad = c.advertisement();
        Advertisement forged = new Advertisement(ad.vhid(),
                how.advskew() >= 0 ? how.advskew() : ad.advskew(),
                how.demote() >= 0 ? how.demote() : ad.demote(),
                how.advbase() >= 0 ? how.advbase() : ad.advbase(),
                ad.counter(), ad.hmac());
        InetAddress source = how.source() != null ? how.source() : c.packet().source();
        if (source instanceof Inet4Address v4) {
            return AdvertisementCodec.encodeFrameV4(ownMac, v4, forged, random.nextInt(0x10000));
        }
        return AdvertisementCodec.encodeFrameV6(ownMac, (Inet6Address) source, forged);
    }

    /** Sends {@code frame}; counts it. */
    public void send(FrameSink sink, byte[] frame) throws IOException {
        sink.send(frame);
        synchronized (this) {
            sent++;
        }
    }

    /** Frames sent through {@link #send} so far. */
    public synchronized long sent() {
        return sent;
    }

    /** The {@code i}-th spoofed IPv4 source: 198.18.0.101 .. 198.18.0.249 in turn (never a lab host or VIP). */
    public static Inet4Address spoofedIpv4(int i) {
        return (Inet4Address) address("198.18.0." + (101 + Math.floorMod(i, 149)));
    }

    /** The {@code i}-th spoofed IPv6 link-local source: fe80::bad:1 .. fe80::bad:ffff. */
    public static Inet6Address spoofedIpv6(int i) {
        return (Inet6Address) address("fe80::bad:" + Integer.toHexString(1 + Math.floorMod(i, 0xfffe)));
    }

    /** An IPv4 source higher than every lab host (198.18.0.250). */
    public static Inet4Address highIpv4() {
        return (Inet4Address) address("198.18.0.250");
    }

    /** An IPv6 link-local source higher than any EUI-derived one (fe80::ffff:ffff:ffff:fffe). */
    public static Inet6Address highIpv6() {
        return (Inet6Address) address("fe80::ffff:ffff:ffff:fffe");
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
