package org.carpd.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.carpd.cli.control.ControlSocketPath;
import org.carpd.cli.control.PeerAuthorizer;

/**
 * carpd's command line. Parsed by hand rather than with picocli (which carpctl keeps): the
 * daemon has six options, and picocli with its type converters is about 300 classes, some 2 MB
 * resident for the daemon's whole life (docs/benchmarks.md, Footprint).
 *
 * <p>Accepted forms, as picocli and GNU getopt_long take them: {@code --config FILE},
 * {@code --config=FILE}, {@code -c FILE}, {@code -cFILE}; {@code -h}/{@code --help} and
 * {@code -V}/{@code --version}; {@code --} ends the options. An option given twice, an unknown
 * option, a missing or empty value, a value that looks like an option (unless joined with
 * {@code =}) and any operand are errors.
 *
 * @param socket empty: {@code $CARPD_SOCKET} or the default path decides
 */
public record DaemonOptions(Path config, boolean check, boolean foreground, Optional<Path> socket, Path stateDir,
        String controlGroup) {

    public static final String DEFAULT_CONFIG = "/etc/carpd/carpd.conf";
    public static final String DEFAULT_STATE_DIR = "/var/lib/carpd";

    /** What the command line asks for. */
    public sealed interface Request permits Run, Help, Version {}

    /** Run the daemon (or the check) with these options. */
    public record Run(DaemonOptions options) implements Request {}

    /** Print {@link #usage()} and exit 0. */
    public record Help() implements Request {}

    /** Print the version and exit 0. */
    public record Version() implements Request {}

    /** A command line carpd does not accept; the message names the argument. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** The options, each named once: its long name, its short letter (0: none), whether it takes a value. */
    private enum Option {
        CONFIG("--config", 'c', true), CHECK("--check", 0, false), CONTROL_GROUP("--control-group", 0, true),
        FOREGROUND("--foreground", 0, false), HELP("--help", 'h', false), SOCKET("--socket", 0, true),
        STATE_DIR("--state-dir", 0, true), VERSION("--version", 'V', false);

        final String name;
        final char letter;
        final boolean takesValue;

        Option(String name, int letter, boolean takesValue) {
            this.name = name;
            this.letter = (char) letter;
            this.takesValue = takesValue;
        }

        static Option named(String name, String arg) throws UsageException {
            for (Option o : values()) {
                if (o.name.equals(name) || name.length() == 2 && name.charAt(1) == o.letter && o.letter != 0) {
                    return o;
                }
            }
            throw new UsageException("unknown option '" + arg + "'");
        }
    }

    public static Request parse(String... args) throws UsageException {
        Path config = Path.of(DEFAULT_CONFIG);
        Path stateDir = Path.of(DEFAULT_STATE_DIR);
        Optional<Path> socket = Optional.empty();
        String group = PeerAuthorizer.DEFAULT_GROUP;
        Set<Option> seen = EnumSet.noneOf(Option.class);
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                operands.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            Option option;
            String value = null;
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                option = Option.named(eq < 0 ? arg : arg.substring(0, eq), arg);
                value = eq < 0 ? null : arg.substring(eq + 1);
            } else if (arg.startsWith("-") && arg.length() > 1) {
                option = Option.named(arg.substring(0, 2), arg);
                if (arg.length() > 2) {
                    if (!option.takesValue) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    value = arg.substring(2);
                }
            } else {
                operands.add(arg);
                continue;
            }
            String name = option.name;
            if (!seen.add(option)) {
                throw new UsageException("option '" + name + "' given more than once");
            }
            if (!option.takesValue) {
                if (value != null) {
                    throw new UsageException("option '" + name + "' takes no value");
                }
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    throw new UsageException("option '" + name + "' needs a value");
                }
                value = args[++i];
                if (value.startsWith("-") && value.length() > 1) { // "-c --check": a forgotten value
                    throw new UsageException("option '" + name + "' needs a value, not '" + value
                            + "' (write " + name + "=" + value + " if that is the value)");
                }
            }
            if (value.isEmpty()) {
                throw new UsageException("option '" + name + "' needs a value, not an empty string");
            }
            switch (option) {
                case CONFIG -> config = Path.of(value);
                case SOCKET -> socket = Optional.of(Path.of(value));
                case STATE_DIR -> stateDir = Path.of(value);
                case CONTROL_GROUP -> group = value;
                default -> throw new IllegalStateException(name); // flags continued above
            }
        }
        if (!operands.isEmpty()) {
            throw new UsageException("unexpected argument '" + operands.get(0) + "' (carpd takes options only)");
        }
        if (seen.contains(Option.HELP)) {
            return new Help();
        }
        if (seen.contains(Option.VERSION)) {
            return new Version();
        }
        return new Run(new DaemonOptions(config, seen.contains(Option.CHECK), seen.contains(Option.FOREGROUND), socket,
                stateDir, group));
    }

    public static String usage() {
        return """
                Usage: carpd [-hV] [--check] [--foreground] [-c FILE] [--control-group GROUP]
                             [--socket PATH] [--state-dir DIR]
                CARP daemon: shares virtual IP addresses between hosts (OpenBSD carp(4) / ucarp
                compatible).
                  -c, --config FILE     Configuration file (default: %s).
                      --check           Check the configuration file and exit.
                      --control-group GROUP
                                        Group whose members may use carpctl (default: %s).
                      --foreground      Log to stderr instead of syslog (implied under systemd).
                  -h, --help            Show this help message and exit.
                      --socket PATH     Control socket (default: $%s or
                                          %s).
                      --state-dir DIR   Where carpd keeps its advertisement counter across
                                          restarts (default: %s).
                  -V, --version         Print version information and exit.
                """.formatted(DEFAULT_CONFIG, PeerAuthorizer.DEFAULT_GROUP, ControlSocketPath.ENV, ControlSocketPath.DEFAULT,
                DEFAULT_STATE_DIR);
    }
}
