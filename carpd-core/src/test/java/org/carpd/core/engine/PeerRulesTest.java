package org.carpd.core.engine;

import static org.carpd.core.engine.CarpEngineTest.S;
import static org.carpd.core.engine.CarpEngineTest.carpdev;
import static org.carpd.core.engine.CarpEngineTest.config;
import static org.carpd.core.engine.CarpEngineTest.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.DropReason;
import org.carpd.core.wire.ReceivedAdvertisement;
import org.junit.jupiter.api.Test;

/** The rules issue 7's review asked for, each on the engine with chosen inputs. */
class PeerRulesTest {
    static CarpEngine master(String words, int mac, String v4) throws Exception {
        CarpEngine e = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw " + words + " 198.51.100.10/24\n"),
                1L << 40, new SplittableRandom(mac));
        e.onCarpdevChanged(0, "eth0", carpdev(mac, v4, "fe80::" + mac));
        e.start(0);
        frames(e, new ArrayList<>());
        return e;
    }

    static ReceivedAdvertisement decode(byte[] frame) {
        return ((DecodeResult.Accepted) AdvertisementCodec.decodeFrame(frame, 0, frame.length)).packet();
    }

    @Test
    void advbaseZeroAdvskewZeroBeatsZeroOne() throws Exception {
        CarpEngine fast = master("advbase 0 advskew 0", 1, "198.18.0.1");
        CarpEngine slow = master("advbase 0 advskew 1", 2, "198.18.0.2");
        fast.onTimeout(S); // both alone long enough to be MASTER
        slow.onTimeout(S);
        List<byte[]> fromFast = frames(fast, new ArrayList<>());
        List<byte[]> fromSlow = frames(slow, new ArrayList<>());
        assertEquals(CarpState.MASTER, slow.state("carp0"));
        // Each hears the other (one of the two, sent in the same tick, is below the other's mark;
        // the one that hears it answers above it).
        fromSlow.forEach(f -> fast.onFrame(S + 1, "eth0", f, 0, f.length));
        fromFast.forEach(f -> slow.onFrame(S + 1, "eth0", f, 0, f.length));
        frames(fast, new ArrayList<>()).forEach(f -> slow.onFrame(S + 2, "eth0", f, 0, f.length));
        assertEquals(CarpState.MASTER, fast.state("carp0"));
        assertEquals(CarpState.BACKUP, slow.state("carp0"), "0/0 is the lower interval, though both run at 1/256 s");
    }

    @Test
    void theGuaranteedTimeoutIncludesTheBackupsOwnAdvskew() throws Exception {
        // backup 1/128: threshold 3 s + 0.5 s. A master at advbase 3 advskew 64 (3.25 s) is not too slow.
        CarpEngine backup = master("advbase 1 advskew 128", 2, "198.18.0.2");
        CarpEngine slowMaster = master("advbase 3 advskew 64", 1, "198.18.0.1");
        slowMaster.onTimeout(20 * S);
        List<byte[]> ad = frames(slowMaster, new ArrayList<>());
        ad.forEach(f -> backup.onFrame(S, "eth0", f, 0, f.length));
        assertEquals(CarpState.BACKUP, backup.state("carp0"), "3.25 s < 3 x 1 s + 128/256 s");
        CarpEngine slower = master("advbase 3 advskew 160", 3, "198.18.0.3"); // 3.625 s: would time out
        slower.onTimeout(20 * S);
        frames(slower, new ArrayList<>()).forEach(f -> backup.onFrame(S + 2, "eth0", f, 0, f.length));
        assertEquals(CarpState.MASTER, backup.state("carp0"));
    }

    @Test
    void ourOwnAdvertisementLoopingBackIsRecognisedHoweverManyWeSentSince() throws Exception {
        CarpEngine e = master("advbase 1", 1, "198.18.0.1");
        e.onTimeout(3 * S);
        List<Action> log = new ArrayList<>();
        byte[] first = frames(e, log).get(0);
        for (int i = 1; i <= 50; i++) {
            e.onTimeout(3 * S + i * S);
            frames(e, log);
        }
        e.onFrame(60 * S, "eth0", first, 0, first.length);
        List<Action> after = new ArrayList<>();
        frames(e, after);
        assertTrue(after.stream().anyMatch(a -> a instanceof Action.PacketDropped d && d.reason() == DropReason.OWN_PACKET),
                after.toString());
        assertEquals(CarpState.MASTER, e.state("carp0"));
    }

    @Test
    void ourOwnAdvertisementReplayedFromAnotherAddressIsAReplay() throws Exception {
        CarpEngine e = master("advbase 1", 1, "198.18.0.1");
        e.onTimeout(3 * S);
        byte[] mine = frames(e, new ArrayList<>()).get(0);
        // the same CARP payload from 198.18.0.200 (a higher address: it would win a tie under the old rule)
        byte[] spoofed = AdvertisementCodec.encodeFrameV4(CarpEngineTest.carpdev(9, "198.18.0.200", "fe80::9").mac(),
                (java.net.Inet4Address) java.net.InetAddress.getByName("198.18.0.200"), decode(mine).advertisement(), 7);
        e.onFrame(4 * S, "eth0", spoofed, 0, spoofed.length);
        List<Action> after = new ArrayList<>();
        frames(e, after);
        assertTrue(after.stream().anyMatch(a -> a instanceof Action.PacketDropped d && d.reason() == DropReason.REPLAY),
                after.toString());
        assertEquals(CarpState.MASTER, e.state("carp0"));
    }

    @Test
    void aDemotionGoesOnTheWireAsEachModeSays() throws Exception {
        for (String mode : List.of("both", "openbsd", "advskew")) {
            CarpEngine e = master("advbase 1 advskew 10 demote-mode " + mode, 1, "198.18.0.1");
            e.onTimeout(3 * S + 30 * S / 256);
            frames(e, new ArrayList<>());
            e.adjustGroupDemotion(4 * S, "carp", 1); // advertised at once
            var ad = decode(frames(e, new ArrayList<>()).get(0)).advertisement();
            assertEquals(mode.equals("advskew") ? 0 : 1, ad.demote(), mode);
            assertEquals(mode.equals("openbsd") ? 10 : 240, ad.advskew(), mode);
        }
    }

    @Test
    void masterDownFreebsdAddsTheSkewOnce() throws Exception {
        CarpEngine openbsd = master("advbase 1 advskew 100", 1, "198.18.0.1");
        CarpEngine freebsd = master("advbase 1 advskew 100 master-down freebsd", 2, "198.18.0.2");
        long bsd = 3 * S + 100 * Interval.SKEW_STEP;
        freebsd.onTimeout(bsd - 1);
        assertEquals(CarpState.BACKUP, freebsd.state("carp0"));
        freebsd.onTimeout(bsd);
        assertEquals(CarpState.MASTER, freebsd.state("carp0"), "3 x 1 s + 100/256 s = 3.39 s");
        openbsd.onTimeout(bsd);
        assertEquals(CarpState.BACKUP, openbsd.state("carp0"), "3 x (1 s + 100/256 s) = 4.17 s");
    }

    @Test
    void aMasterThatHearsItsVhidFailAuthenticationSaysSoAndCountsIt() throws Exception {
        CarpEngine e = master("advbase 1", 1, "198.18.0.1");
        e.onTimeout(3 * S);
        frames(e, new ArrayList<>());
        // a peer with another address list (or pass): same vhid, an HMAC we cannot verify
        CarpEngine other = new CarpEngine(config("carp0 carpdev eth0 vhid 1 pass pw 198.51.100.11/24\n"),
                1L << 40, new SplittableRandom(5));
        other.onCarpdevChanged(0, "eth0", carpdev(2, "198.18.0.2", "fe80::2"));
        other.start(0);
        other.onTimeout(3 * S);
        List<byte[]> theirs = frames(other, new ArrayList<>());
        List<Action> log = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            theirs.forEach(f -> e.onFrame(4 * S, "eth0", f, 0, f.length));
            frames(e, log);
        }
        assertEquals(3L, e.counters("carp0").get(Counter.AUTH_FAILURES_AS_MASTER));
        List<Action.PeerNotice> notices = log.stream().filter(a -> a instanceof Action.PeerNotice)
                .map(a -> (Action.PeerNotice) a).toList();
        assertEquals(1, notices.size(), "said once a minute: " + notices);
        assertTrue(notices.get(0).message().contains("is MASTER while 198.18.0.2 sends advertisements for vhid 1"
                + " that fail authentication"), notices.get(0).message());
        assertEquals(CarpState.MASTER, e.state("carp0"));
    }
}
