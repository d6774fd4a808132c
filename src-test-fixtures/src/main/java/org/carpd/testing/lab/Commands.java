package org.carpd.testing.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short external commands (mostly {@code ip}) with a timeout. */
final class Commands {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Commands() {
    }

    /** Runs {@code command}, waiting at most {@code timeout}; output goes through a temp file so no reader thread is needed. */
    static ExecResult run(Duration timeout, List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("carpdlab-cmd", ".out");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
                throw new LabException("command timed out after " + timeout.toMillis() + " ms: "
                        + String.join(" ", command) + "\n" + Files.readString(out, StandardCharsets.UTF_8).strip());
            }
            return new ExecResult(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LabException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /** Runs {@code ip ARGS...} and throws unless it succeeds. */
    static ExecResult ip(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return run(DEFAULT_TIMEOUT, List.of(cmd)).requireSuccess();
    }
}
