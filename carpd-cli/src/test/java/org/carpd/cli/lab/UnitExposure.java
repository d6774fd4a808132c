package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code systemd-analyze security --offline} of a shipped unit (skips where it cannot run). */
final class UnitExposure {
    private UnitExposure() {
    }

    /** The overall exposure figure of {@code systemd/UNIT}, as printed, e.g. {@code "2.0"}. */
    static String of(String unit) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze not installed");
        Path file = Path.of("..", "systemd", unit);
        Process p = new ProcessBuilder(analyze.toString(), "security", "--offline=true", file.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "systemd-analyze timed out");
        assumeTrue(!out.contains("unrecognized option"), "systemd-analyze too old for --offline:\n" + out);
        Matcher m = Pattern.compile("Overall exposure level for " + Pattern.quote(unit) + ": (\\d+\\.\\d+)").matcher(out);
        assertTrue(m.find(), "no overall exposure in:\n" + out);
        return m.group(1);
    }
}
