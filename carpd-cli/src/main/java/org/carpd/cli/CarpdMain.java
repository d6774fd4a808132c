package org.carpd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import org.carpd.cli.control.ControlServer;
import org.carpd.cli.control.ControlSocketPath;
import org.carpd.cli.control.PeerAuthorizer;
import org.carpd.cli.daemon.DaemonFactory;
import org.carpd.cli.daemon.DaemonLifecycle;
import org.carpd.cli.daemon.SignalQueue;
import org.carpd.cli.logging.LogSetup;
import org.carpd.cli.posix.ProcessName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carpd}: the daemon. It never forks; {@code --foreground} only chooses stderr logging
 * outside systemd (under systemd it always logs to stderr, i.e. the journal).
 *
 * <p>Exit status: 0 after an orderly stop or a good {@code --check}, 1 on a bad configuration or
 * startup failure, 2 on bad command-line options.
 */
@Command(name = "carpd", mixinStandardHelpOptions = true, versionProvider = CarpdVersion.class,
        description = "CARP daemon: shares virtual IP addresses between hosts (OpenBSD carp(4) / ucarp compatible).")
public final class CarpdMain implements Callable<Integer> {
    // No static Logger: logging is configured in call(), before the first logger is made.

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/carpd/carpd.conf",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--check", description = "Check the configuration file and exit.")
    boolean check;

    @Option(names = "--foreground", description = "Log to stderr instead of syslog (implied under systemd).")
    boolean foreground;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "Control socket (default: $CARPD_SOCKET or /run/carpd/carpd.sock).")
    Path socket;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "/var/lib/carpd",
            description = "Where carpd keeps its advertisement counter across restarts (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--control-group", paramLabel = "GROUP", defaultValue = PeerAuthorizer.DEFAULT_GROUP,
            description = "Group whose members may use carpctl (default: ${DEFAULT-VALUE}).")
    String controlGroup;

    public static void main(String[] args) {
        // jnr-ffi's default generates each binding with its own assembler and ASM: ~500 classes,
        // 3.5 MB resident and 0.1 s of start-up for calls carpd makes a few times a second at most
        // (netlink, libnftables, prctl); the reflection binding does the same calls (benchmarks.md).
        if (System.getProperty("jnr.ffi.asm.enabled") == null) {
            System.setProperty("jnr.ffi.asm.enabled", "false");
        }
        SignalQueue.hangupFirst(); // before anything slow: the JVM's SIGHUP handler would exit with 129
        ProcessName.set("carpd"); // so that "pgrep -x carpd" finds it; pidof sees the launcher's argv[0]
        System.exit(new CommandLine(new CarpdMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        if (check) {
            LogSetup.use(LogSetup.Target.CONSOLE);
        } else {
            LogSetup.use(LogSetup.daemonTarget(System.getenv(), foreground));
        }
        Optional<DaemonFactory> factory = ServiceLoader.load(DaemonFactory.class).findFirst();
        if (factory.isEmpty()) {
            err.println("carpd: this build has no daemon implementation (no " + DaemonFactory.class.getName()
                    + " service on the class path)");
            return 1;
        }
        if (check) {
            try {
                String summary = factory.get().check(config);
                System.out.println(config + ": OK" + (summary.isEmpty() ? "" : ", " + summary));
                return 0;
            } catch (Exception e) {
                err.println("carpd: " + e.getMessage());
                return 1;
            }
        }
        Path socketPath = ControlSocketPath.resolve(Optional.ofNullable(socket), System.getenv());
        ControlServer.Settings defaults = ControlServer.Settings.defaults(socketPath);
        ControlServer.Settings settings = new ControlServer.Settings(socketPath, controlGroup,
                defaults.maxConnections(), defaults.requestTimeout(), defaults.watchQueueLines(),
                defaults.reservedForRoot(), defaults.maxPerUser());
        return new DaemonLifecycle(factory.get(), config, settings, stateDir).run();
    }
}
