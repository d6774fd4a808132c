package org.carpd.cli.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carpctl decode -r} on the real ucarp captures; needs no root. */
class DecodeCommandTest {
    @TempDir
    Path tmp;

    record Run(int status, List<String> lines, String err) {
    }

    private static Path capture(String name) throws URISyntaxException {
        return Path.of(DecodeCommandTest.class.getResource("/captures/" + name).toURI());
    }

    private Path passFile(String pass) throws IOException {
        Path p = tmp.resolve("key-" + pass.length());
        Files.writeString(p, pass + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static Run decode(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new DecodeCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString().lines().toList(), err.toString());
    }

    @Test
    void ucarpVhid7WithRightPassAndAddressIsHmacOk() throws Exception {
        Run r = decode("-r", capture("ucarp-v7-k20-secret.pcap").toString(),
                "--pass-file", passFile("secret").toString(), "198.18.0.10");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.lines().isEmpty());
        for (String line : r.lines()) {
            assertTrue(line.matches("\\d+ \\S+ 198\\.18\\.0\\.1 \\(\\S+\\) vhid 7 advbase 1 advskew 20 demote 0"
                    + " counter 0x[0-9a-f]+ checksum ok hmac ok"), line);
            assertFalse(line.contains("secret"), line);
        }
    }

    @Test
    void ucarpVhid1WithOneCharacterPassIsHmacOkInJson() throws Exception {
        Run r = decode("-r", capture("ucarp-v1-k0-pw.pcap").toString(), "--json",
                "--pass-file", passFile("x").toString(), "198.18.0.5");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.lines().isEmpty());
        for (String line : r.lines()) {
            assertTrue(line.startsWith("{\"frame\":") && line.endsWith("}"), line);
            assertTrue(line.contains("\"vhid\":1,\"advbase\":1,\"advskew\":0,"), line);
            assertTrue(line.contains("\"checksum\":\"ok\",\"hmac\":\"ok\"}"), line);
        }
    }

    @Test
    void addressesMayCarryThePrefixTheListingPrints() throws Exception {
        for (String address : List.of("198.18.0.10/24", "198.18.0.10/32", "198.18.0.10")) {
            Run r = decode("-r", capture("ucarp-v7-k20-secret.pcap").toString(),
                    "--pass-file", passFile("secret").toString(), address);
            assertEquals(0, r.status(), address + ": " + r.err());
            assertTrue(r.lines().stream().allMatch(l -> l.endsWith(" hmac ok")), r.lines().toString());
        }
        for (String bad : List.of("198.18.0.10/33", "198.18.0.10/", "198.18.0.10/x", "2001:db8::10/129", "/24")) {
            Run r = decode("-r", capture("ucarp-v7-k20-secret.pcap").toString(),
                    "--pass-file", passFile("secret").toString(), bad);
            assertEquals(2, r.status(), bad);
            assertTrue(r.err().contains("not an IP address: " + bad), r.err());
        }
        assertEquals("2001:db8:0:0:0:0:0:10", DecodeCommand.parseLiteral("2001:db8::10/64").orElseThrow().getHostAddress());
    }

    @Test
    void wrongPassOrWrongAddressIsAMismatchExitsOneAndNeverPrintsThePass() throws Exception {
        for (String[] variant : List.of(new String[] {"wrong-pass", "198.18.0.10"}, new String[] {"secret", "198.18.0.11"})) {
            Run r = decode("-r", capture("ucarp-v7-k20-secret.pcap").toString(),
                    "--pass-file", passFile(variant[0]).toString(), variant[1]);
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().contains(r.lines().size() + " advertisement(s) failed the HMAC check"), r.err());
            assertFalse(r.lines().isEmpty());
            for (String line : r.lines()) {
                assertTrue(line.endsWith("checksum ok hmac MISMATCH: check pass and address list"), line);
                assertFalse(line.contains(variant[0]) || r.err().contains(variant[0]), line);
            }
        }
    }

    @Test
    void withoutPassTheHmacIsNotChecked() throws Exception {
        Run r = decode("-r", capture("ucarp-v1-k0-pw.pcap").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.lines().stream().allMatch(l -> l.endsWith("checksum ok") && l.contains(" vhid 1 ")), r.lines().toString());
    }

    @Test
    void vhidFilterAndCountLimitTheOutput() throws Exception {
        Path file = capture("ucarp-v7-k20-secret.pcap");
        assertEquals(List.of(), decode("-r", file.toString(), "--vhid", "8").lines());
        assertEquals(2, decode("-r", file.toString(), "--vhid", "7", "-c", "2").lines().size());
    }

    @Test
    void corruptedFrameIsPrintedAsRejectedWithItsReason() throws Exception {
        byte[] pcap = Files.readAllBytes(capture("ucarp-v7-k20-secret.pcap"));
        // First record: 24-byte file header, 16-byte record header, then the frame; flip a CARP byte
        // (Ethernet 14 + IPv4 20 + 3 = advskew), which breaks the CARP checksum.
        pcap[24 + 16 + 14 + 20 + 3] ^= 0x01;
        Path bad = tmp.resolve("bad.pcap");
        Files.write(bad, pcap);
        Run r = decode("-r", bad.toString(), "--json");
        assertTrue(r.lines().get(0).contains("\"sender\":\"198.18.0.1\",\"rejected\":\"BAD_CHECKSUM\",\"reason\":\"bad checksum\""),
                r.lines().get(0));
        String text = decode("-r", bad.toString(), "-c", "1").lines().get(0);
        assertTrue(text.matches("1 \\S+ 198\\.18\\.0\\.1 rejected: bad checksum \\(CARP checksum\\)"), text);
        assertTrue(r.lines().get(1).contains("\"checksum\":\"ok\""), r.lines().get(1));
    }

    @Test
    void badArgumentsAreRejectedWithStatus2() throws Exception {
        Path file = capture("ucarp-v1-k0-pw.pcap");
        Run noAddr = decode("-r", file.toString(), "--pass-file", passFile("x").toString());
        assertEquals(2, noAddr.status());
        assertTrue(noAddr.err().contains("needs the vhid's virtual addresses"), noAddr.err());
        Run badAddr = decode("-r", file.toString(), "--pass-file", passFile("x").toString(), "example.com");
        assertEquals(2, badAddr.status());
        Path open = tmp.resolve("open.key");
        Files.writeString(open, "x");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Run unsafe = decode("-r", file.toString(), "--pass-file", open.toString(), "198.18.0.5");
        assertEquals(2, unsafe.status());
        assertTrue(unsafe.err().contains("chmod 600"), unsafe.err());
        assertEquals(2, decode("--pass-file", open.toString()).status()); // neither -r nor -i
        Run notPcap = decode("-r", open.toString());
        assertEquals(1, notPcap.status());
        assertTrue(notPcap.err().contains("pcap"), notPcap.err());
    }
}
