package org.carpd.core.engine;

import java.util.List;
import java.util.function.Supplier;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.ReceivedAdvertisement;

/**
 * The way of a captured frame to its vhid, for {@link CarpEngine#onFrame}: decode, find the vhid,
 * the family and peer checks, authentication, our own packets, the replay verdict; what passes
 * goes to {@link VirtualHost#input}, the rest is dropped and counted.
 */
final class FrameInput {
    private final EngineRecords records;
    private final Supplier<List<VirtualHost>> elections;

    FrameInput(EngineRecords records, Supplier<List<VirtualHost>> elections) {
        this.records = records;
        this.elections = elections;
    }

    /** An Ethernet frame captured on {@code carpdev}. Never throws on bad input. */
    void onFrame(long now, String carpdev, byte[] frame, int offset, int length) {
        DecodeResult result = AdvertisementCodec.decodeFrame(frame, offset, length, minTtl(carpdev));
        if (result instanceof DecodeResult.Rejected rejected) {
            records.drop(carpdev, null, rejected.reason(), rejected.source(), rejected.detail());
            return;
        }
        ReceivedAdvertisement packet = ((DecodeResult.Accepted) result).packet();
        Advertisement ad = packet.advertisement();
        VirtualHost vh = find(carpdev, ad.vhid());
        if (vh == null) {
            boolean carpdevKnown = elections.get().stream().anyMatch(h -> h.config().carpdev().equals(carpdev));
            records.drop(carpdev, null, carpdevKnown ? DropReason.BAD_VHID : DropReason.BAD_INTERFACE,
                    packet.source(), "vhid " + ad.vhid());
            return;
        }
        records.count(vh, packet.ipv6() ? Counter.IPV6_RECEIVED : Counter.IPV4_RECEIVED);
        String name = vh.config().name();
        if (packet.ipv6() ? !vh.hasIpv6() : !vh.hasIpv4()) {
            // A vhid advertises in the families of its addresses; one of the other family is
            // not from a peer of this vhid (and an IPv4-only vhid must not be steered over IPv6).
            records.drop(carpdev, name, DropReason.BAD_INTERFACE, packet.source(), "vhid " + ad.vhid()
                    + " has no " + (packet.ipv6() ? "IPv6" : "IPv4") + " address");
            return;
        }
        if (!UnicastPeerRules.accepts(records::drop, vh.config(), carpdev, packet)) {
            return;
        }
        if (!vh.authenticator().verify(ad)) {
            records.drop(carpdev, name, DropReason.BAD_AUTH, packet.source(), "vhid " + ad.vhid());
            if (vh.state() == CarpState.MASTER) {
                records.count(vh, Counter.AUTH_FAILURES_AS_MASTER);
                records.notice(now, vh, "auth", packet.source(), "is MASTER while " + packet.source().getHostAddress()
                        + " sends advertisements for vhid " + ad.vhid() + " that fail authentication: both may"
                        + " hold the addresses; check pass and the address list on both");
            }
            return;
        }
        if (vh.isOwnPacket(packet.source(), ad.counter())) {
            records.drop(carpdev, name, DropReason.OWN_PACKET, packet.source(), "vhid " + ad.vhid());
            return;
        }
        ReplayGuard.Verdict verdict = vh.replayGuard().check(packet.source(), ad.counter());
        if ((verdict == ReplayGuard.Verdict.REPLAY || verdict == ReplayGuard.Verdict.REPLAY_UNPROVEN)
                && vh.replayGuard().acceptsBelowMark(ad.counter())) {
            // A ucarp or FreeBSD host still on its own older chain (see ReplayGuard.acceptsBelowMark).
            records.count(vh, Counter.BELOW_MARK_ACCEPTED);
            records.notice(now, vh, "below-mark", packet.source(), "accepts an advertisement from "
                    + packet.source().getHostAddress() + " whose counter is below the vhid's replay mark but above"
                    + " every counter it heard (a ucarp or FreeBSD host that has not heard it since a partition)");
            verdict = ReplayGuard.Verdict.ACCEPTED;
        }
        switch (verdict) {
            case ACCEPTED, ACCEPTED_UNPROVEN -> {
                records.heard(name, now);
                vh.input(now, ad, packet.source());
            }
            case ACCEPTED_NEW_UNPROVEN -> {
                records.heard(name, now);
                records.notice(now, vh, "unproven", packet.source(), "accepts advertisements from "
                        + packet.source().getHostAddress() + " whose counter does not count up (an OpenBSD peer's"
                        + " fixed cookie, or a ucarp or FreeBSD peer that has not heard another host yet): replay"
                        + " protection cannot cover that peer's advertisements; 'set replay strict' refuses them");
                vh.input(now, ad, packet.source());
            }
            case REPLAY -> records.drop(carpdev, name, DropReason.REPLAY, packet.source(),
                    "vhid " + ad.vhid() + " counter " + Long.toUnsignedString(ad.counter()));
            case REPLAY_UNPROVEN -> records.drop(carpdev, name, DropReason.REPLAY, packet.source(),
                    "vhid " + ad.vhid() + " counter " + Long.toUnsignedString(ad.counter())
                            + " from a sender whose counter does not count up (an OpenBSD peer's cookie, or a"
                            + " ucarp or FreeBSD peer that has not heard another host): 'strict' refuses such"
                            + " peers, 'auto' accepts them while their counter is above the vhid's replay mark");
        }
    }

    /** The least TTL any vhid on {@code carpdev} accepts (from its peers): 255 unless one relaxed it. */
    private int minTtl(String carpdev) {
        int min = AdvertisementCodec.TTL;
        for (VirtualHost vh : elections.get()) {
            CarpInterfaceConfig c = vh.config();
            if (!c.peers().isEmpty() && c.carpdev().equals(carpdev)) {
                min = Math.min(min, c.peers().minTtl());
            }
        }
        return min;
    }

    private VirtualHost find(String carpdev, int vhid) {
        for (VirtualHost vh : elections.get()) {
            if (vh.config().vhid() == vhid && vh.config().carpdev().equals(carpdev)) {
                return vh;
            }
        }
        return null;
    }
}
