package org.carpd.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optional: Wireshark's CARP dissector must find our checksums good. Skipped without tshark. */
class TsharkCrossCheckTest {

    private static boolean tsharkInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "tshark"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void tsharkReportsGoodCarpChecksums(@TempDir Path dir) throws Exception {
        assumeTrue(tsharkInstalled(), "tshark is not installed (apt-get install tshark)");
        Path pcap = dir.resolve("encoded.pcap");
        PcapFile.writeEthernet(pcap, List.of(Frames.v4Frame(), Frames.v6Frame()));

        Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-d", "ip.proto==112,carp",
                "-T", "fields", "-e", "carp.vhid", "-e", "carp.checksum.status", "-e", "carp.authlen")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, p.exitValue(), out);
        // status 1 = good; one line for the IPv4 frame, one for the IPv6 frame
        assertEquals(List.of("7\t1\t7", "7\t1\t7"), out.lines().toList(), out);
    }
}
