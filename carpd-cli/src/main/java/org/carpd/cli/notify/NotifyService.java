package org.carpd.cli.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.carpd.cli.control.ControlClient;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.hooks.HookEvent;
import org.carpd.cli.hooks.HookRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows carpd's state changes and runs the scripts of a {@link ScriptDirectory} for each one,
 * through a {@link HookRunner} (one queue per carp interface, a timeout per run).
 *
 * <p>A session: connect {@code watch --json}, then, holding the dispatch lock so that no event
 * overtakes it, read {@code status --json} and act on every interface whose state differs from
 * the one last acted on (reason {@value CarpdEvents#RESYNC_REASON}); then act on each watched
 * event whose new state differs from the one last acted on (a stream of transitions never
 * repeats a state, so this only drops what the resync already did). When carpd goes away (stop,
 * restart, crash) the session ends and the next one starts after the retry interval. carpd never
 * waits for this process: its control server drops lines for a watcher that does not read, and
 * a "dropped" notice makes this process resync.
 */
public final class NotifyService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);
    /** How long a watch must stay open to count as connected (a refusal ends it at once). */
    private static final Duration CONNECTED_AFTER = Duration.ofMillis(300);

    /**
     * @param socket     carpd's control socket
     * @param scripts    the directory of actions
     * @param carpdUser  the socket file must belong to this user or to root
     * @param retry      pause between sessions
     */
    public record Settings(Path socket, Path scripts, String carpdUser, Duration retry) {
    }

    private final Settings settings;
    private final ScriptDirectory directory;
    private final HookRunner runner;
    private final Consumer<String> status;
    private final ControlClient client;
    private final Object dispatch = new Object();
    /** Interface name to the state whose actions were started last. */
    private final Map<String, String> acted = new HashMap<>();
    private volatile boolean stopped;
    private volatile Thread watchThread;
    private volatile Thread loopThread;
    private boolean waitingLogged;

    /**
     * @param runner  runs the scripts; the caller closes it after this service
     * @param status  a one-line status for systemd
     */
    public NotifyService(Settings settings, HookRunner runner, Consumer<String> status) {
        this.settings = settings;
        this.directory = new ScriptDirectory(settings.scripts(), System.getProperty("user.name"));
        this.runner = runner;
        this.status = status;
        this.client = new ControlClient(settings.socket());
    }

    /** Runs sessions until {@link #close()}. */
    public void run() {
        loopThread = Thread.currentThread();
        status.accept("waiting for carpd on " + settings.socket());
        while (!stopped) {
            try {
                session();
            } catch (IOException e) {
                if (!waitingLogged) {
                    LOG.warn("waiting for carpd: {}", e.getMessage());
                    status.accept("waiting for carpd on " + settings.socket());
                    waitingLogged = true;
                }
            } catch (InterruptedException e) {
                if (stopped) {
                    return;
                }
            }
            try {
                Thread.sleep(settings.retry().toMillis());
            } catch (InterruptedException e) {
                // close(): the loop condition ends it
            }
        }
    }

    private void session() throws IOException, InterruptedException {
        checkOwner();
        IOException[] failure = {null};
        int[] exit = {-1};
        Thread watch = new Thread(() -> {
            try {
                exit[0] = client.execute(new ControlRequest(List.of("watch"), true, Optional.empty()),
                        this::onLine, this::onError);
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "carpd-notify-watch");
        watchThread = watch;
        watch.start();
        watch.join(CONNECTED_AFTER.toMillis());
        if (!watch.isAlive()) {
            if (failure[0] != null) {
                throw failure[0];
            }
            throw new IOException("carpd ended the watch at once (status " + exit[0] + ")");
        }
        waitingLogged = false;
        LOG.info("following carpd on {}; actions from {}", settings.socket(), settings.scripts());
        status.accept("following carpd on " + settings.socket());
        resync();
        watch.join();
        if (!stopped) {
            LOG.warn("lost carpd on {}{}; reconnecting", settings.socket(),
                    failure[0] != null ? " (" + failure[0].getMessage() + ")" : exit[0] == 0 ? " (it stopped)" : "");
            status.accept("waiting for carpd on " + settings.socket());
            waitingLogged = true;
        }
    }

    /** A socket anyone else could have made would let them choose what root runs, and when. */
    private void checkOwner() throws IOException {
        if (!Files.exists(settings.socket())) {
            throw new ControlClient.UnreachableException("no control socket " + settings.socket(), null);
        }
        String owner = Files.getOwner(settings.socket()).getName();
        if (!owner.equals(settings.carpdUser()) && !owner.equals("root")) {
            throw new IOException("control socket " + settings.socket() + " belongs to " + owner
                    + ", not " + settings.carpdUser() + " or root: not following it");
        }
    }

    private void onLine(String line) {
        HookEvent event;
        try {
            event = CarpdEvents.fromWatchLine(line);
        } catch (IllegalArgumentException e) {
            LOG.warn("ignoring an event from carpd that is not valid: {}", e.getMessage());
            return;
        }
        synchronized (dispatch) {
            if (event.state().equals(acted.get(event.iface()))) {
                LOG.debug("{}: already acted on {}", event.iface(), event.state());
                return;
            }
            act(event);
        }
    }

    private void onError(String line) {
        LOG.info("{}", line); // e.g. "carpd: daemon is stopping"
        if (line.contains("dropped")) {
            resync();
        }
    }

    /** Acts on the interfaces whose state carpd reports differently from the one acted on. */
    private void resync() {
        synchronized (dispatch) {
            List<String> out = new ArrayList<>();
            List<String> err = new ArrayList<>();
            try {
                int code = client.execute(new ControlRequest(List.of("status"), true, Optional.empty()),
                        out::add, err::add);
                if (code != 0) {
                    LOG.warn("carpd refused its status ({}): {}", code, String.join("; ", err));
                    return;
                }
                for (HookEvent e : CarpdEvents.resync(String.join("\n", out), acted)) {
                    act(e);
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("cannot read carpd's status to resynchronise: {}", e.getMessage());
            }
        }
    }

    private void act(HookEvent event) {
        acted.put(event.iface(), event.state());
        List<Path> scripts = directory.scripts();
        LOG.info("{} vhid {}: {} -> {} ({}): running {} action(s) from {}", event.iface(), event.vhid(),
                event.prevState(), event.state(), event.reason(), scripts.size(), directory.path());
        for (Path script : scripts) {
            runner.submit(script, event);
        }
    }

    /** Ends the session and the loop; actions already queued keep running in the runner. */
    @Override
    public void close() {
        stopped = true;
        Thread w = watchThread;
        if (w != null) {
            w.interrupt(); // closes its channel: execute() returns with an exception
        }
        Thread l = loopThread;
        if (l != null) {
            l.interrupt();
        }
    }
}
