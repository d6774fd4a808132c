package org.carpd.cli.notify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.carpd.cli.CarpdVersion;
import org.carpd.cli.control.ControlSocketPath;
import org.carpd.cli.daemon.SignalQueue;
import org.carpd.cli.hooks.HookRunner;
import org.carpd.cli.logging.LogSetup;
import org.carpd.cli.systemd.SdNotify;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code carpd-notify}: runs the actions in a directory (default /etc/carpd/notify.d) on carpd's
 * state changes, as the user it is started as (root under carpd-notify.service). Stops on
 * SIGTERM/SIGINT after the running actions end (at most the timeout plus 3 s).
 */
@Command(name = "carpd-notify", mixinStandardHelpOptions = true, versionProvider = CarpdVersion.Provider.class,
        description = "Runs the actions in a directory on carpd's state changes (as root, outside carpd).")
public final class CarpdNotifyMain implements Callable<Integer> {
    @Option(names = {"-s", "--socket"}, paramLabel = "PATH",
            description = "carpd's control socket (default: $CARPD_SOCKET or /run/carpd/carpd.sock).")
    Path socket;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = "/etc/carpd/notify.d",
            description = "Directory of actions (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "An action still running after this is killed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--carpd-user", paramLabel = "USER", defaultValue = "carpd",
            description = "The control socket must belong to this user or root (default: ${DEFAULT-VALUE}).")
    String carpdUser;

    @Option(names = "--foreground", description = "Log to stderr instead of syslog (implied under systemd).")
    boolean foreground;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CarpdNotifyMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            System.err.println("carpd-notify: --timeout must be 1..3600 seconds");
            return 2;
        }
        LogSetup.use(LogSetup.daemonTarget(System.getenv(), foreground));
        Path sock = ControlSocketPath.resolve(Optional.ofNullable(socket), System.getenv());
        SignalQueue signals = SignalQueue.install("TERM", "INT");
        NotifyService.Settings settings = new NotifyService.Settings(sock, dir, carpdUser, Duration.ofSeconds(1));
        try (SdNotify notify = SdNotify.fromEnvironment();
             HookRunner runner = new HookRunner(Duration.ofSeconds(timeoutSeconds));
             NotifyService service = new NotifyService(settings, runner, notify::status)) {
            Thread loop = new Thread(service::run, "carpd-notify");
            loop.start();
            notify.ready();
            String signal = signals.take();
            LoggerFactory.getLogger(CarpdNotifyMain.class).info("carpd-notify stopping (SIG{})", signal);
            notify.stopping();
            service.close();
            loop.join(2000);
        }
        return 0;
    }
}
