package org.carpd.testing.lab;

import java.util.List;

/**
 * What a finished command returned: its exit code and its standard output and error, merged.
 *
 * @param command the command line that ran
 * @param exitCode the process exit code
 * @param output stdout and stderr interleaved, as text
 */
public record ExecResult(List<String> command, int exitCode, String output) {

    public ExecResult {
        command = List.copyOf(command);
    }

    /** True when the command exited with 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result if the command succeeded, else throws a {@link LabException} with its output. */
    public ExecResult requireSuccess() {
        if (!ok()) {
            throw new LabException("command failed (exit " + exitCode + "): " + String.join(" ", command)
                    + "\n" + output.strip());
        }
        return this;
    }
}
