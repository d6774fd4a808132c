package org.carpd.core.engine;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.random.RandomGenerator;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.MacAddress;

/**
 * What the vhids see of {@link CarpEngine}: its settings and demotions, their source addresses,
 * and the building of their advertisement frames (multicast, or to each unicast peer, per family).
 */
final class EngineEnvironment implements VhostEnvironment {
    private static final Inet4Address ANY_V4 = (Inet4Address) ipv4Any();

    private final CarpEngine engine;
    private final Map<String, CarpdevInfo> carpdevs;
    private final DemotionGroups demotion;
    private final AdvertisementCounter counter;
    private final RandomGenerator random;
    private final Queue<Action> actions;
    private final EngineRecords records;

    EngineEnvironment(CarpEngine engine, Map<String, CarpdevInfo> carpdevs, DemotionGroups demotion,
                      AdvertisementCounter counter, RandomGenerator random, Queue<Action> actions,
                      EngineRecords records) {
        this.engine = engine;
        this.carpdevs = carpdevs;
        this.demotion = demotion;
        this.counter = counter;
        this.random = random;
        this.actions = actions;
        this.records = records;
    }

    @Override
    public int demote(VirtualHost vh) {
        return demotion.demoteOf(vh.config().groups());
    }

    @Override
    public boolean preempt() {
        return engine.config().global().preempt();
    }

    @Override
    public boolean maintenance() {
        return engine.maintenance();
    }

    @Override
    public int announceRepeat() {
        return engine.config().global().announceRepeat();
    }

    /** The source our advertisements towards {@code other} leave with (0.0.0.0 without an IPv4 address). */
    @Override
    public InetAddress localSource(VirtualHost vh, InetAddress other) {
        CarpdevInfo info = carpdevs.get(vh.config().carpdev());
        if (info == null) {
            return null;
        }
        if (other instanceof Inet4Address) {
            return info.ipv4().orElse(ANY_V4);
        }
        return UnicastPeerRules.ipv6Source(info, vh.config().peers(), other);
    }

    @Override
    public void transmit(long now, VirtualHost vh, int advbase, int advskew, int demote) {
        ReplayGuard guard = vh.replayGuard();
        long c = counter.next(now, guard.hasMark() || guard.sendFloor() != 0, guard.sendFloor(), hostByte(vh));
        vh.replayGuard().sent(c);
        Advertisement ad = new Advertisement(vh.config().vhid(), advskew, demote, advbase, c,
                vh.authenticator().sign(c));
        CarpdevInfo info = carpdevs.get(vh.config().carpdev());
        if (info == null) {
            return; // carpdev unknown: nothing to send from
        }
        String carpdev = vh.config().carpdev();
        String name = vh.config().name();
        // The carp interface's own MAC (lladdr) as source: switches learn it on the master's port.
        MacAddress mac = vh.config().lladdr().mac(vh.config().vhid()).orElse(info.mac());
        if (vh.hasIpv4()) {
            List<InetAddress> peers = vh.config().peers().of(false);
            Inet4Address src = info.ipv4().orElse(ANY_V4);
            if (peers.isEmpty()) {
                actions.add(new Action.Transmit(carpdev, name, false,
                        AdvertisementCodec.encodeFrameV4(mac, src, ad, random.nextInt(1 << 16))));
            }
            for (InetAddress peer : peers) {
                actions.add(new Action.Transmit(carpdev, name, false, AdvertisementCodec.encodePacketV4(src,
                        (Inet4Address) peer, ad, random.nextInt(1 << 16)), peer));
            }
        }
        if (vh.hasIpv6()) {
            List<InetAddress> peers = vh.config().peers().of(true);
            if (peers.isEmpty()) {
                Inet6Address src = info.linkLocal().orElse(null);
                // Without a link-local source the frame cannot be built: an empty Transmit, which the
                // driver reports as a failed send, so the vhid demotes as on any send failure.
                actions.add(new Action.Transmit(carpdev, name, true, src == null ? new byte[0]
                        : AdvertisementCodec.encodeFrameV6(mac, src, ad)));
            }
            for (InetAddress peer : peers) {
                Inet6Address src = (Inet6Address) UnicastPeerRules.ipv6Source(info, vh.config().peers(), peer);
                actions.add(new Action.Transmit(carpdev, name, true, src == null ? new byte[0]
                        : AdvertisementCodec.encodePacketV6(src, (Inet6Address) peer, ad), peer));
            }
        }
    }

    @Override
    public void adjustDemotion(long now, List<String> groups, int delta, String why) {
        for (String group : groups) {
            int from = demotion.get(group);
            int to = demotion.adjust(group, delta);
            engine.demotionChanged(now, group, from, to, why);
        }
    }

    @Override
    public void emit(Action action) {
        if (action instanceof Action.StateChanged sc) {
            records.count(sc.carpInterface(), Counter.TRANSITIONS);
        }
        actions.add(action);
    }

    /** A byte that differs between the hosts of a segment: a mix of our MAC and IPv4 source. */
    private int hostByte(VirtualHost vh) {
        CarpdevInfo info = carpdevs.get(vh.config().carpdev());
        if (info == null) {
            return 0;
        }
        int h = info.mac().hashCode() * 31 + info.ipv4().map(Object::hashCode).orElse(0);
        return (h ^ h >>> 8 ^ h >>> 16 ^ h >>> 24) & 0xff;
    }

    private static InetAddress ipv4Any() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
