package org.carpd.cli.decode;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.carpd.core.config.Passphrase;
import org.carpd.core.wire.Advertisement;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.CarpAuthenticator;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.ReceivedAdvertisement;

/**
 * Decodes captured frames and, given a passphrase and the virtual addresses, checks their HMAC.
 * The HMAC covers the vhid, so one authenticator is kept per vhid seen.
 */
public final class FrameInspector {
    /** What the HMAC check found. */
    public enum HmacCheck { NOT_CHECKED, OK, MISMATCH }

    /** The outcome for one frame. */
    public sealed interface Report {
        CapturedFrame frame();
    }

    /** A well-formed advertisement (checksum ok). */
    public record Decoded(CapturedFrame frame, ReceivedAdvertisement packet, HmacCheck hmac) implements Report {
    }

    /** A frame the codec rejected, with the reason. */
    public record Rejected(CapturedFrame frame, DecodeResult.Rejected rejection) implements Report {
    }

    private final Optional<Passphrase> pass;
    private final List<InetAddress> addresses;
    private final Map<Integer, CarpAuthenticator> authenticators = new HashMap<>();

    /** Without a passphrase, the HMAC is not checked. */
    public FrameInspector(Optional<Passphrase> pass, List<InetAddress> addresses) {
        this.pass = pass;
        this.addresses = List.copyOf(addresses);
    }

    public Report inspect(CapturedFrame frame) {
        byte[] b = frame.bytes();
        DecodeResult result = AdvertisementCodec.decodeFrame(b, 0, b.length);
        if (result instanceof DecodeResult.Rejected r) {
            return new Rejected(frame, r);
        }
        ReceivedAdvertisement packet = ((DecodeResult.Accepted) result).packet();
        return new Decoded(frame, packet, checkHmac(packet.advertisement()));
    }

    private HmacCheck checkHmac(Advertisement ad) {
        if (pass.isEmpty()) {
            return HmacCheck.NOT_CHECKED;
        }
        CarpAuthenticator auth = authenticators.computeIfAbsent(ad.vhid(),
                vhid -> new CarpAuthenticator(pass.get().bytes(), vhid, addresses));
        return auth.verify(ad) ? HmacCheck.OK : HmacCheck.MISMATCH;
    }
}
