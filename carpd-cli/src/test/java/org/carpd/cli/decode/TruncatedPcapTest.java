package org.carpd.cli.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A pcap file cut short anywhere gives a clear error (status 1) after the complete records, never "null". */
class TruncatedPcapTest {
    @TempDir
    Path tmp;

    @Test
    void everyCutIsReportedClearly() throws Exception {
        byte[] whole = Files.readAllBytes(Path.of(getClass().getResource("/captures/ucarp-v7-k20-secret.pcap").toURI()));
        java.util.List<Integer> boundaries = new java.util.ArrayList<>(java.util.List.of(24));
        while (boundaries.get(boundaries.size() - 1) < whole.length) {
            int at = boundaries.get(boundaries.size() - 1);
            boundaries.add(at + 16 + readLength(whole, at));
        }
        int cuts = 0;
        for (int c = 0; c < Math.min(whole.length, 300); c++) {
            int cut = c;
            Path file = tmp.resolve("cut-" + cut + ".pcap");
            Files.write(file, Arrays.copyOf(whole, cut));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new DecodeCommand());
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int status = cl.execute("-r", file.toString());
            String e = err.toString();
            assertFalse(e.contains("null"), cut + ": " + e);
            boolean atRecordBoundary = boundaries.contains(cut);
            if (atRecordBoundary) {
                assertEquals(0, status, cut + ": " + e);
                continue;
            }
            assertEquals(1, status, cut + ": " + e);
            assertTrue(e.startsWith("carpctl decode: " + file + ": "), e);
            if (cut > 24) {
                assertTrue(e.contains("is cut short"), e);
                long complete = boundaries.stream().filter(b -> b > 24 && b < cut).count();
                assertEquals(complete, out.toString().lines().filter(l -> !l.isBlank()).count(),
                        "the complete records before the cut are still shown: " + out);
            }
            cuts++;
        }
        assertTrue(cuts > 100, "cuts tried: " + cuts);
    }

    private static int readLength(byte[] pcap, int record) {
        // the captures are little-endian (written on x86)
        return (pcap[record + 8] & 0xff) | (pcap[record + 9] & 0xff) << 8 | (pcap[record + 10] & 0xff) << 16;
    }
}
