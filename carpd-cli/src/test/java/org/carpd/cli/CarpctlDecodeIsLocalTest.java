package org.carpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code carpctl decode} runs in carpctl: it works with no daemon behind the socket. */
class CarpctlDecodeIsLocalTest {
    @Test
    void decodeNeedsNoDaemon() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String file = Path.of(getClass().getResource("/captures/ucarp-v1-k0-pw.pcap").toURI()).toString();
        int status = CarpctlMain.commandLine(Map.of(), new PrintStream(out, true), new PrintStream(err, true),
                LocalCommands.all()).execute("-s", "/nonexistent/carpd.sock", "decode", "-r", file, "-c", "1");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.startsWith("1 ") && text.contains(" vhid 1 advbase 1 advskew 0 "), text);
    }
}
