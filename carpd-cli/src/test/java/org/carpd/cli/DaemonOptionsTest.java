package org.carpd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.carpd.cli.DaemonOptions.UsageException;
import org.junit.jupiter.api.Test;

/** carpd's own option parser: every form picocli accepted, and a clear refusal of the rest. */
class DaemonOptionsTest {

    private static DaemonOptions run(String... args) throws UsageException {
        return assertInstanceOf(DaemonOptions.Run.class, DaemonOptions.parse(args)).options();
    }

    private static String refused(String... args) {
        return assertThrows(UsageException.class, () -> DaemonOptions.parse(args)).getMessage();
    }

    @Test
    void defaultsWithoutArguments() throws UsageException {
        assertEquals(new DaemonOptions(Path.of("/etc/carpd/carpd.conf"), false, false, Optional.empty(),
                Path.of("/var/lib/carpd"), "carpd"), run());
    }

    @Test
    void everyOptionInEveryForm() throws UsageException {
        DaemonOptions expected = new DaemonOptions(Path.of("/tmp/c.conf"), true, true, Optional.of(Path.of("/tmp/s")),
                Path.of("/tmp/state"), "wheel");
        assertEquals(expected, run("--config", "/tmp/c.conf", "--check", "--foreground", "--socket", "/tmp/s",
                "--state-dir", "/tmp/state", "--control-group", "wheel"));
        assertEquals(expected, run("--config=/tmp/c.conf", "--check", "--foreground", "--socket=/tmp/s",
                "--state-dir=/tmp/state", "--control-group=wheel"));
        assertEquals(expected, run("-c", "/tmp/c.conf", "--foreground", "--check", "--socket=/tmp/s",
                "--control-group", "wheel", "--state-dir", "/tmp/state"));
        assertEquals(Path.of("/tmp/c.conf"), run("-c/tmp/c.conf").config());
        assertEquals(Path.of("-odd"), run("--config=-odd").config());
    }

    @Test
    void helpAndVersion() throws UsageException {
        assertInstanceOf(DaemonOptions.Help.class, DaemonOptions.parse("-h"));
        assertInstanceOf(DaemonOptions.Help.class, DaemonOptions.parse("--check", "--help"));
        assertInstanceOf(DaemonOptions.Version.class, DaemonOptions.parse("-V"));
        assertInstanceOf(DaemonOptions.Version.class, DaemonOptions.parse("--version"));
        String usage = DaemonOptions.usage();
        for (String option : new String[] {"--config FILE", "--check", "--foreground", "--socket PATH",
                "--state-dir DIR", "--control-group GROUP", "--help", "--version", "/etc/carpd/carpd.conf",
                "$CARPD_SOCKET", "/run/carpd/carpd.sock", "/var/lib/carpd"}) {
            assertTrue(usage.contains(option), option + " in\n" + usage);
        }
    }

    @Test
    void refusalsNameTheArgument() {
        assertEquals("unknown option '--bogus'", refused("--bogus"));
        assertEquals("unknown option '-x'", refused("-x"));
        assertEquals("unknown option '-hV'", refused("-hV"));
        assertEquals("unknown option '--conf=/x'", refused("--conf=/x"));
        assertEquals("option '--config' needs a value", refused("-c"));
        assertEquals("option '--socket' needs a value", refused("--check", "--socket"));
        assertEquals("option '--state-dir' needs a value, not an empty string", refused("--state-dir="));
        assertEquals("option '--check' takes no value", refused("--check=yes"));
        assertEquals("option '--config' needs a value, not '--check' (write --config=--check if that is the value)",
                refused("-c", "--check"));
        assertEquals("option '--config' given more than once", refused("-c", "/a", "--config=/b"));
        assertEquals("unexpected argument 'extra' (carpd takes options only)", refused("extra"));
        assertEquals("unexpected argument '-c' (carpd takes options only)", refused("--", "-c"));
        assertEquals("unknown option '--bogus'", refused("--bogus", "--help"), "an error wins over --help");
    }
}
