package org.carpd.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.carpd.cli.control.ControlClient;
import org.carpd.cli.control.ControlProtocol;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.control.ControlSocketPath;
import org.carpd.cli.logging.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code carpctl}: sends its words to the running carpd and prints the answer. Global options
 * come first; everything from the first other word on goes to the daemon unchanged (so
 * {@code carpctl -g carp carpdemote -5} works), except the names of {@link LocalCommands} and
 * {@code --json}, which is carpctl's wherever it stands ({@code carpctl status --json}).
 *
 * <p>Exit status: the daemon's (0 ok, 1 failed, 2 bad arguments, 77 not allowed), 77 if the
 * socket's file modes keep the user out, 1 if the daemon cannot be reached, 2 for bad carpctl options.
 */
@Command(name = "carpctl", mixinStandardHelpOptions = true, versionProvider = CarpdVersion.Provider.class,
        description = "Control a running carpd. COMMAND and its arguments are interpreted by the daemon.",
        footerHeading = "%nExamples:%n",
        footer = {"  carpctl status", "  carpctl --json status", "  carpctl -g carp carpdemote 50",
                "  carpctl watch"})
public final class CarpctlMain implements Callable<Integer> {

    @Option(names = {"-s", "--socket"}, paramLabel = "PATH",
            description = "Control socket (default: $CARPD_SOCKET or /run/carpd/carpd.sock).")
    Path socket;

    @Option(names = "--json", description = "JSON output (also after the command).")
    boolean json;

    @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Act on an interface group.")
    String group;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "Command and arguments for the daemon.")
    List<String> words = new ArrayList<>();

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    CarpctlMain(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        LogSetup.use(LogSetup.Target.CLIENT);
        System.exit(commandLine(System.getenv(), System.out, System.err, LocalCommands.all()).execute(args));
    }

    /** The configured command line; for tests, with other streams, environment and local commands. */
    static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err, List<Object> local) {
        CommandLine cl = new CommandLine(new CarpctlMain(env, out, err));
        cl.setStopAtPositional(true); // "carpctl -g carp carpdemote -5": -5 belongs to the daemon
        for (Object command : local) {
            cl.addSubcommand(command);
        }
        CarpctlHelp.addDaemonCommands(cl);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        return cl;
    }

    @Override
    public Integer call() {
        Path path = ControlSocketPath.resolve(Optional.ofNullable(socket), env);
        // No word of the grammar is "--json", so after the command it can only be carpctl's option.
        List<String> daemonWords = words.stream().filter(w -> !w.equals("--json")).toList();
        boolean wantJson = json || daemonWords.size() < words.size();
        ControlRequest request = new ControlRequest(daemonWords, wantJson, Optional.ofNullable(group));
        try {
            ControlProtocol.encodeRequest(request);
        } catch (IllegalArgumentException e) {
            err.println("carpctl: " + e.getMessage());
            return ControlProtocol.STATUS_USAGE;
        }
        try {
            return new ControlClient(path).execute(request, line -> {
                out.println(line);
                out.flush();
            }, err::println);
        } catch (ControlClient.PermissionDeniedException e) {
            err.println("carpctl: " + e.getMessage());
            return ControlProtocol.STATUS_PERMISSION_DENIED;
        } catch (ControlClient.UnreachableException e) {
            err.println("carpctl: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("carpctl: " + e.getMessage() + " (socket " + path + ")");
            return 1;
        }
    }
}
