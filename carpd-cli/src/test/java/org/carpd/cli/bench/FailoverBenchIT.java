package org.carpd.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;

import org.carpd.cli.bench.DaemonProcess.Memory;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A one-round smoke run of the failover benchmark, so the harness cannot rot: every scenario runs
 * (unplanned with carpd only, to stay near a minute), each with sane numbers, and the SVG is
 * well-formed. It asserts no performance target: those are the benchmark's business.
 */
class FailoverBenchIT {
    private static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));

    @TempDir
    Path tmp;

    @Test
    void oneRoundOfEveryScenarioMeasuresAndDraws() throws Exception {
        NetnsLab.assumeAvailable();
        for (Daemon d : Daemon.values()) {
            assumeTrue(d.missing(DIST).isEmpty(), "failover benchmark skipped: needs " + d.missing(DIST));
        }
        Path svg = tmp.resolve("failover.svg");
        FailoverBench.Options o = FailoverBench.Options.parse("--rounds", "1", "--idle", "0.5",
                "--scenarios", "planned,unplanned:carpd,unplanned-fast,footprint", "--svg", svg.toString(),
                "--dist", DIST.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Results r = FailoverBench.run(o, new PrintStream(out, true, StandardCharsets.UTF_8));
        String log = out.toString(StandardCharsets.UTF_8) + "\n" + r.table();
        System.out.println(log);

        assertEquals(List.of(), r.failures, log);
        int failovers = 0;
        for (Map.Entry<Scenario, List<Daemon>> e : o.plan().entrySet()) {
            Scenario s = e.getKey();
            for (Daemon d : e.getValue()) {
                if (s == Scenario.FOOTPRINT) {
                    continue;
                }
                List<Trace> runs = r.traces.get(s).get(d);
                assertEquals(1, runs.size(), s.id + " " + d.id + "\n" + log);
                Trace t = runs.get(0);
                double ms = t.outageMillis();
                assertTrue(ms >= 0 && ms < s.takeoverSeconds * 1000.0, s.id + " " + d.id + ": outage " + ms + "\n" + log);
                assertTrue(t.replies().size() > 100, s.id + " " + d.id + ": " + t.replies().size() + " replies\n" + log);
                assertTrue(!t.holders().get(0).isEmpty() && !t.holders().get(1).isEmpty(),
                        s.id + " " + d.id + ": both nodes held the address at some time\n" + log);
                failovers++;
            }
        }
        assertEquals(5, failovers, log);
        List<Results.FootprintCase> cases = List.of(new Results.FootprintCase(Daemon.CARPD, 1),
                new Results.FootprintCase(Daemon.CARPD, 255), new Results.FootprintCase(Daemon.UCARP, 1),
                new Results.FootprintCase(Daemon.KEEPALIVED, 1));
        assertEquals(cases.size(), r.footprints.size(), log);
        for (Results.FootprintCase c : cases) {
            Memory m = r.footprints.get(c).get(0);
            assertTrue(m.rssKb() > 0 && m.pssKb() > 0 && m.pssKb() <= m.rssKb(), c + ": " + m);
        }
        for (String id : List.of("planned", "unplanned", "unplanned-fast", "carpd, 255 vhids", "keepalived, 1 vhid")) {
            assertTrue(r.table().contains("| " + id + " |"), id + " in the table:\n" + log);
        }

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(svg.toFile()); // throws unless well-formed
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(doc.getElementsByTagName("rect").getLength() > 5 * 4, "bars and ticks drawn");
        String text = Files.readString(svg);
        for (String panel : List.of("planned, carpd", "planned, ucarp", "planned, keepalived", "unplanned, carpd",
                "unplanned-fast, carpd")) {
            assertTrue(text.contains(panel + " (round 1): outage "), panel + " drawn");
        }
        assertEquals(List.of(), NetnsLab.namespacesWithPrefix("carpdlab-" + ProcessHandle.current().pid() + "-"),
                "the benchmark's lab is gone");
    }
}
