package org.carpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.carpd.cli.testing.CommandRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion offers --json after the command too, since carpctl takes it there. */
class BashCompletionJsonTest {
    @TempDir
    Path tmp;

    @Test
    void jsonIsOfferedAfterTheCommand() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash is not installed");
        Path script = tmp.resolve("complete.sh");
        Files.writeString(script, ". " + Path.of("src/main/bash-completion/carpctl").toAbsolutePath() + "\n" + """
                c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _carpctl; echo "[${COMPREPLY[*]}]"; }
                c carpctl status --
                c carpctl -g carp carpdemote 5 --j
                c carpctl carp0 advskew 5 --
                c carpctl decode --j
                c carpctl status ''
                """);
        // No carpctl on PATH: the completion asks no daemon.
        CommandRun r = CommandRun.run(Map.of("PATH", tmp + ":/usr/bin:/bin"), "/bin/bash", "--norc", script.toString());
        assertEquals("", r.err());
        assertEquals(List.of("[--json]", "[--json]", "[--json]", "[--json]", "[]"), r.out().lines().toList());
    }
}
