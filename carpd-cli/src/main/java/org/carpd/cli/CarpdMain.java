package org.carpd.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

import org.carpd.cli.control.ControlServer;
import org.carpd.cli.control.ControlSocketPath;
import org.carpd.cli.daemon.DaemonFactory;
import org.carpd.cli.daemon.DaemonLifecycle;
import org.carpd.cli.daemon.SignalQueue;
import org.carpd.cli.logging.LogSetup;
import org.carpd.cli.posix.ProcessName;

/**
 * {@code carpd}: the daemon. It never forks; {@code --foreground} only chooses stderr logging
 * outside systemd (under systemd it always logs to stderr, i.e. the journal).
 *
 * <p>Exit status: 0 after an orderly stop or a good {@code --check}, 1 on a bad configuration or
 * startup failure, 2 on bad command-line options ({@link DaemonOptions}).
 */
public final class CarpdMain {
    // No static Logger: logging is configured in run(), before the first logger is made.

    private CarpdMain() {}

    public static void main(String[] args) {
        SignalQueue.hangupFirst(); // before anything slow: the JVM's SIGHUP handler would exit with 129
        ProcessName.set("carpd"); // so that "pgrep -x carpd" finds it; pidof sees the launcher's argv[0]
        DaemonOptions.Request request;
        try {
            request = DaemonOptions.parse(args);
        } catch (DaemonOptions.UsageException e) {
            System.err.print("carpd: " + e.getMessage() + System.lineSeparator() + DaemonOptions.usage());
            System.err.flush();
            System.exit(2);
            return;
        }
        int status;
        try {
            if (request instanceof DaemonOptions.Run r) {
                status = run(r.options());
            } else if (request instanceof DaemonOptions.Help) {
                status = print(DaemonOptions.usage());
            } else {
                status = print("carpd " + CarpdVersion.version() + System.lineSeparator());
            }
        } catch (Exception e) {
            System.err.println("carpd: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private static int print(String text) {
        System.out.print(text);
        System.out.flush();
        return 0;
    }

    private static int run(DaemonOptions options) throws Exception {
        PrintWriter err = new PrintWriter(System.err, true);
        if (options.check()) {
            LogSetup.use(LogSetup.Target.CONSOLE);
        } else {
            LogSetup.use(LogSetup.daemonTarget(System.getenv(), options.foreground()));
        }
        Optional<DaemonFactory> factory = ServiceLoader.load(DaemonFactory.class).findFirst();
        if (factory.isEmpty()) {
            err.println("carpd: this build has no daemon implementation (no " + DaemonFactory.class.getName()
                    + " service on the class path)");
            return 1;
        }
        Path config = options.config();
        if (options.check()) {
            try {
                String summary = factory.get().check(config);
                System.out.println(config + ": OK" + (summary.isEmpty() ? "" : ", " + summary));
                return 0;
            } catch (Exception e) {
                err.println("carpd: " + e.getMessage());
                return 1;
            }
        }
        Path socketPath = ControlSocketPath.resolve(options.socket(), System.getenv());
        ControlServer.Settings defaults = ControlServer.Settings.defaults(socketPath);
        ControlServer.Settings settings = new ControlServer.Settings(socketPath, options.controlGroup(),
                defaults.maxConnections(), defaults.requestTimeout(), defaults.watchQueueLines(),
                defaults.reservedForRoot(), defaults.maxPerUser());
        return new DaemonLifecycle(factory.get(), config, settings, options.stateDir()).run();
    }
}
