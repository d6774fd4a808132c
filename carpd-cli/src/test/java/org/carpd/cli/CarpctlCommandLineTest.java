package org.carpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.control.ControlServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** carpctl's own command line: --json anywhere, the help's command list, decode's JSON. */
class CarpctlCommandLineTest {
    @TempDir
    Path dir;

    private ControlServer server;
    private final List<ControlRequest> received = new CopyOnWriteArrayList<>();

    record Run(int status, String out, String err) {
    }

    private Run carpctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CarpctlMain.commandLine(Map.of(), new PrintStream(out, true), new PrintStream(err, true),
                LocalCommands.all()).execute(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String socket() throws Exception {
        Path socket = dir.resolve("carpd.sock");
        server = ControlServer.start(new ControlServer.Settings(socket, "carpd", 4, Duration.ofSeconds(2), 100),
                request -> {
                    received.add(request);
                    return ControlReply.ok("ok");
                });
        return socket.toString();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void jsonAfterTheCommandIsCarpctlsOptionNotAWordForTheDaemon() throws Exception {
        String socket = socket();
        assertEquals(0, carpctl("-s", socket, "status", "--json").status());
        assertEquals(0, carpctl("-s", socket, "--json", "stats").status());
        assertEquals(0, carpctl("-s", socket, "carp0").status());
        assertEquals(0, carpctl("-s", socket, "-g", "carp", "carpdemote", "-5", "--json").status());
        assertEquals(List.of(new ControlRequest(List.of("status"), true, Optional.empty()),
                new ControlRequest(List.of("stats"), true, Optional.empty()),
                new ControlRequest(List.of("carp0"), false, Optional.empty()),
                new ControlRequest(List.of("carpdemote", "-5"), true, Optional.of("carp"))), received);
    }

    @Test
    void jsonBeforeDecodeMakesDecodePrintJson() throws Exception {
        String file = Path.of(getClass().getResource("/captures/ucarp-v1-k0-pw.pcap").toURI()).toString();
        Run before = carpctl("--json", "decode", "-r", file, "-c", "2");
        Run after = carpctl("decode", "-r", file, "-c", "2", "--json");
        assertEquals(0, before.status(), before.err());
        List<String> lines = before.out().lines().toList();
        assertEquals(2, lines.size(), before.out());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"frame\":") && l.endsWith("}")), before.out());
        assertEquals(after.out(), before.out());
    }

    @Test
    void helpListsTheDaemonsCommandsAndDecode() {
        Run help = carpctl("--help");
        assertEquals(0, help.status());
        for (String command : List.of("status", "stats [-z]", "show-config", "watch", "NAME state master|backup",
                "-g GROUP carpdemote [N]", "set SETTING VALUE", "NAME WORD...", "decode")) {
            assertTrue(help.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + " in:\n" + help.out());
        }
        assertTrue(help.out().indexOf("Commands run by the daemon:") < help.out().indexOf("Commands run by carpctl itself:"),
                help.out());
    }
}
