package org.carpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.carpd.cli.testing.CommandRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** carpctl(8) as man(1) shows it: every command's synopsis is the tag of its entry. */
class ManPageRenderTest {
    private static CommandRun render(String page) throws Exception {
        boolean haveMan = List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "man")));
        Assumptions.assumeTrue(haveMan, "man(1) is not installed");
        return CommandRun.run(Map.of("MANWIDTH", "80", "LC_ALL", "C.UTF-8"), "man", "--warnings", "-l",
                Path.of("src/main/man", page).toString());
    }

    @Test
    void decodeEntryRendersItsWholeSynopsisAsTheTag() throws Exception {
        CommandRun man = render("carpctl.8");
        assertEquals(0, man.status(), man.err());
        assertEquals("", man.err());
        List<String> lines = man.out().lines().toList();
        int tag = 0;
        while (tag < lines.size() && !lines.get(tag).startsWith("       decode ")) {
            tag++;
        }
        assertTrue(tag < lines.size(), man.out());
        String synopsis = lines.get(tag).strip() + " " + lines.get(tag + 1).strip();
        assertTrue(synopsis.replaceAll("\\s+", " ").equals(
                "decode (-r file.pcap | -i interface) [--pass-file file] [--vhid n] [-c count] [--json] [address[/prefix] ...]"),
                synopsis);
        assertTrue(lines.get(tag + 2).startsWith("              Runs locally, without the daemon"), lines.get(tag + 2));
    }

    @Test
    void everyCommandEntryIsATagLine() throws Exception {
        String out = render("carpctl.8").out();
        for (String tag : List.of("status", "stats [-z]", "show-config", "watch", "set setting value", "-g group carpdemote [N]",
                "name state master|backup", "name word...")) {
            assertTrue(out.lines().anyMatch(l -> l.equals("       " + tag) || l.startsWith("       " + tag + " ")),
                    tag + " in:\n" + out);
        }
    }
}
