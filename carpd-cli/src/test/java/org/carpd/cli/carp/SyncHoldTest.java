package org.carpd.cli.carp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.random.RandomGenerator;
import org.carpd.cli.control.ControlProtocol;
import org.carpd.cli.control.ControlReply;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigParser;
import org.carpd.core.config.SyncDemote;
import org.carpd.core.engine.Action;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpdevInfo;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sync demotion: on group carp before the engine starts (so the first advertisement carries
 * it), released once by {@code carpctl sync done} or by the timeout, never twice.
 */
class SyncHoldTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> changes = new ArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static CarpEngine engine() throws Exception {
        CarpdConfig config = ConfigParser.parse("f", "set sync-demote 32 timeout 1\n"
                + "carp0 carpdev eth0 vhid 1 pass x 198.18.0.10/24\ncarp1 carpdev eth1 vhid 2 group dmz pass x 198.18.1.10/24\n");
        CarpEngine engine = new CarpEngine(config, 1, RandomGenerator.of("L64X128MixRandom"));
        for (String dev : List.of("eth0", "eth1")) { // carpdevs up: no carpdev demotion
            engine.onCarpdevChanged(0, dev, new CarpdevInfo(true, MacAddress.parse("02:00:00:00:00:01"),
                    java.util.Optional.empty(), java.util.Optional.empty()));
        }
        return engine;
    }

    private SyncHold.EngineCall on(CarpEngine engine) {
        return command -> {
            synchronized (engine) {
                return command.apply(engine);
            }
        };
    }

    @Test
    void heldFromTheStartOnGroupCarpUntilSyncDone() throws Exception {
        CarpEngine engine = engine();
        SyncHold hold = new SyncHold(timer, () -> changes.add("changed"));
        hold.prepare(engine, new SyncDemote(32, 60));
        engine.start(0);
        hold.started(on(engine));
        assertEquals(32, engine.demotion().get("carp"));
        assertEquals(32, engine.status().get(0).demote(), "every interface is in group carp");
        assertEquals(32, engine.status().get(1).demote());
        assertTrue(hold.holding());
        assertEquals("waiting for the state sync (group carp demoted by 32)", hold.summary().orElseThrow());
        assertTrue(hold.command(List.of("sync"), false).lines().get(0).startsWith("sync: group carp demoted by 32 for "));

        ControlReply bad = hold.command(List.of("sync", "finished"), false);
        assertEquals(ControlProtocol.STATUS_USAGE, bad.status());
        assertEquals(List.of(SyncHold.USAGE), bad.lines());
        assertEquals(32, engine.demotion().get("carp"), "a bad word changes nothing");

        ControlReply done = hold.command(List.of("sync", "done"), false);
        assertEquals(List.of("sync: done; group carp demotion 32 released"), done.lines());
        assertEquals(0, engine.demotion().get("carp"));
        assertFalse(hold.holding());
        assertEquals(List.of("changed"), changes);
        assertEquals(List.of("sync: no demotion held"), hold.command(List.of("sync", "done"), false).lines(),
                "done again (the conntrackd action runs on every BACKUP) releases nothing more");
        assertEquals(0, engine.demotion().get("carp"));
        assertEquals(List.of("{\"held\":false,\"group\":\"carp\",\"demote\":0,\"seconds\":0,\"timeout\":0}"),
                hold.command(List.of("sync"), true).lines());
        List<Action.DemotionChanged> demotions = new ArrayList<>();
        for (Action a; (a = engine.poll()) != null; ) {
            if (a instanceof Action.DemotionChanged d) {
                demotions.add(d);
            }
        }
        assertEquals(List.of("0->32", "32->0"), demotions.stream().map(d -> d.from() + "->" + d.to()).toList());
    }

    @Test
    void theFirstAdvertisementAlreadyCarriesTheDemotion() throws Exception {
        CarpEngine engine = engine();
        SyncHold hold = new SyncHold(timer, () -> { });
        hold.prepare(engine, new SyncDemote(32, 60));
        engine.start(0);
        engine.onTimeout(engine.nextDeadline()); // alone: MASTER after the master-down interval
        List<Integer> demotes = new ArrayList<>();
        for (Action a; (a = engine.poll()) != null; ) {
            if (a instanceof Action.Transmit t
                    && AdvertisementCodec.decodeFrame(t.frame(), 0, t.frame().length) instanceof DecodeResult.Accepted ok) {
                demotes.add(ok.packet().advertisement().demote());
            }
        }
        assertFalse(demotes.isEmpty(), "advertised");
        assertEquals(32, demotes.get(0), "the very first advertisement: " + demotes);
    }

    @Test
    void aSyncThatNeverReportsDoneIsReleasedAfterTheTimeout() throws Exception {
        CarpEngine engine = engine();
        SyncHold hold = new SyncHold(timer, () -> changes.add("changed"));
        hold.prepare(engine, new SyncDemote(32, 1));
        engine.start(0);
        long start = System.nanoTime();
        hold.started(on(engine));
        while (hold.holding() && System.nanoTime() - start < 5_000_000_000L) {
            Thread.sleep(20);
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        assertFalse(hold.holding(), "released by the timeout");
        assertTrue(took >= 950 && took < 3000, "after about 1 s: " + took + " ms");
        synchronized (engine) {
            assertEquals(0, engine.demotion().get("carp"));
        }
        assertEquals(List.of("changed"), changes);
    }

    @Test
    void offHoldsNothing() throws Exception {
        CarpEngine engine = engine();
        SyncHold hold = new SyncHold(timer, () -> { });
        hold.prepare(engine, SyncDemote.OFF);
        engine.start(0);
        hold.started(on(engine));
        assertFalse(hold.holding());
        assertEquals(0, engine.demotion().get("carp"));
    }
}
