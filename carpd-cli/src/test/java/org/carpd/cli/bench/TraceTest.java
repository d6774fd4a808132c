package org.carpd.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import org.carpd.cli.bench.AddressMonitor.Span;
import org.junit.jupiter.api.Test;

/** The outage and noise definitions, the SVG's well-formedness and the options, without a lab. */
class TraceTest {
    private static final Instant T0 = Instant.parse("2026-12-02T15:00:00Z");

    private static Instant at(double ms) {
        return T0.plusNanos((long) (ms * 1e6));
    }

    /** Replies every ms over [0, 3000] ms except in the given [from, to) holes. */
    private static List<Instant> replies(double[]... holes) {
        List<Instant> out = new ArrayList<>();
        for (int ms = 0; ms <= 3000; ms++) {
            boolean inHole = false;
            for (double[] h : holes) {
                inHole |= ms >= h[0] && ms < h[1];
            }
            if (!inHole) {
                out.add(at(ms));
            }
        }
        return out;
    }

    /** Fault at 1000 ms; h1 holds the address until 1005 ms, h2 from 1040 ms. */
    private static Trace trace(List<Instant> replies) {
        return trace(replies, List.of());
    }

    private static Trace trace(List<Instant> replies, List<Instant> lost) {
        return new Trace(Scenario.PLANNED, Daemon.CARPD, 1, at(0), at(1000), at(3000), replies, lost,
                List.of(List.of(new Span(at(0), at(1005))), List.of(new Span(at(1040), at(3000)))));
    }

    @Test
    void outageIsTheGapAcrossTheSwitchNotNoiseBeforeTheFaultOrAfterTheTakeover() {
        Trace t = trace(replies(new double[] {300, 400}, new double[] {1006, 1041}, new double[] {2000, 2200}));
        // the hole 1006..1041 leaves replies 1005 and 1041: a 36 ms gap, minus the 1 ms interval
        assertEquals(35.0, t.outageMillis(), 1e-6);
        assertEquals(100.0, t.noiseMillis(), 1e-6);
        t.requireSane();
    }

    @Test
    void lostProbesCountOnlyRequestsWithoutReplyAfterTheFault() {
        Trace quiet = trace(replies(new double[] {1006, 1010}), List.of(at(500)));
        assertEquals(0, quiet.lostAfterFault()); // the prober stalled 1006..1010 but lost nothing
        assertTrue(Scenario.PLANNED.carpdMeets(List.of(quiet)), "a stalled prober is no outage");
        Trace lossy = trace(replies(new double[] {1006, 1010}), List.of(at(1006), at(1007), at(1008)));
        assertEquals(3, lossy.lostAfterFault());
        assertFalse(Scenario.PLANNED.carpdMeets(List.of(quiet, lossy)), "3 lost probes over 4 ms");
    }

    @Test
    void theOutageSplitsAtH2TakingTheAddress() {
        Trace t = trace(replies(new double[] {1006, 1045}));
        // last reply 1005, h2 has the address at 1040, first reply 1045
        assertEquals(35.0, t.outageSplitMillis()[0], 1e-6);
        assertEquals(5.0, t.outageSplitMillis()[1], 1e-6);
    }

    @Test
    void aProbeWithoutRepliesAfterTheFaultIsNotAMeasurement() {
        Trace t = trace(replies(new double[] {990, 3001}));
        assertThrows(BenchException.class, t::requireSane);
    }

    @Test
    void theSvgIsWellFormedAndShowsEachRun() throws Exception {
        Trace t = trace(replies(new double[] {1006, 1041}));
        String svg = FailoverSvg.render("a <test> & more", List.of(t, t));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.contains("planned, carpd (round 1): outage 35.0 ms"), svg);
        assertTrue(svg.contains("a &lt;test&gt; &amp; more"));
    }

    @Test
    void optionsNameDaemonsPerScenarioAndRejectNonsense() {
        FailoverBench.Options o = FailoverBench.Options.parse("--rounds", "2", "--scenarios", "planned,unplanned:carpd+ucarp,unplanned-fast");
        assertEquals(List.of(Daemon.CARPD, Daemon.UCARP, Daemon.KEEPALIVED), o.plan().get(Scenario.PLANNED));
        assertEquals(List.of(Daemon.CARPD, Daemon.UCARP), o.plan().get(Scenario.UNPLANNED));
        assertEquals(List.of(Daemon.CARPD), o.plan().get(Scenario.UNPLANNED_FAST));
        assertThrows(IllegalArgumentException.class, () -> FailoverBench.Options.parse("--scenarios", "lunch"));
        assertThrows(IllegalArgumentException.class, () -> FailoverBench.Options.parse("--rounds", "0"));
        assertThrows(IllegalArgumentException.class, () -> FailoverBench.Options.parse("--rounds"));
    }
}
