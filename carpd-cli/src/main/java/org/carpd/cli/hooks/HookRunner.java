package org.carpd.cli.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.carpd.cli.posix.Posix;
import org.carpd.net.ffi.LibC;
import org.carpd.net.sched.Realtime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hook executables on background threads, never on the caller's thread: one queue per carp
 * interface (so per vhid), each run in submission order, the queues in parallel, so a slow hook
 * delays only later hooks of its own interface. Each run gets a clean environment ({@code PATH} plus the
 * {@link HookEvent} variables; nothing of the daemon's own), no stdin, stdout discarded, and its
 * stderr captured (first {@link #MAX_STDERR_BYTES} bytes) and logged with its exit status. A hook
 * still running after the timeout is killed (SIGKILL, with its child processes).
 */
public final class HookRunner implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_STDERR_BYTES = 4096;
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);

    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(Realtime.asOtherThread(r), "carpd-hooks");
        t.setDaemon(true);
        return t;
    });
    /** The last queued run of each interface; the next one starts when it has ended. */
    private final Map<String, CompletableFuture<HookResult>> tails = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public HookRunner() {
        this(DEFAULT_TIMEOUT);
    }

    public HookRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Queues a run of {@code executable} behind the runs queued for the same interface
     * ({@link HookEvent#iface()}). The future completes when it has ended (never exceptionally);
     * after {@link #close()} it completes at once with an error result.
     */
    public CompletableFuture<HookResult> submit(Path executable, HookEvent event) {
        if (closed) {
            return CompletableFuture.completedFuture(closedResult());
        }
        return tails.compute(event.iface(), (iface, previous) -> {
            CompletableFuture<HookResult> after = previous == null
                    ? CompletableFuture.completedFuture(null) : previous;
            return after.thenApplyAsync(ignored -> run(executable, event), executor)
                    .exceptionally(HookRunner::failed);
        });
    }

    private static HookResult closedResult() {
        return new HookResult(OptionalInt.empty(), false, "", "hook runner is closed");
    }

    private static HookResult failed(Throwable t) {
        Throwable cause = t.getCause() != null ? t.getCause() : t;
        return cause instanceof RejectedExecutionException ? closedResult()
                : new HookResult(OptionalInt.empty(), false, "", String.valueOf(cause));
    }

    private HookResult run(Path executable, HookEvent event) {
        String what = "hook " + executable + " (" + event.iface() + " vhid " + event.vhid() + " -> " + event.state() + ")";
        Started started;
        try {
            started = start(List.of(executable.toString()), event.environment(), "carpd-hook-stderr");
        } catch (IOException e) {
            LOG.error("{} could not be started: {}", what, e.getMessage());
            return new HookResult(OptionalInt.empty(), false, "", e.getMessage());
        }
        Process process = started.process();
        BoundedReader stderr = started.stderr();
        Thread reader = started.reader();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            // Parent first: a shell whose child died first would run its next command.
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            reader.join(1000); // a grandchild may hold stderr open; do not wait for it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String err = stderr.text();
        if (!finished) {
            LOG.error("{} timed out after {} s and was killed{}", what, timeout.toSeconds(), stderrSuffix(err));
            return new HookResult(OptionalInt.empty(), true, err, "");
        }
        int code = process.exitValue();
        if (code == 0) {
            LOG.info("{} exited 0{}", what, stderrSuffix(err));
        } else {
            LOG.warn("{} exited {}{}", what, code, stderrSuffix(err));
        }
        return new HookResult(OptionalInt.of(code), false, err, "");
    }

    /** A hook or check that started, and the thread reading its stderr. */
    private record Started(Process process, BoundedReader stderr, Thread reader) {
    }

    /** Starts {@code command} with only PATH and {@code environment}, no stdin, stdout discarded, stderr read bounded. */
    private static Started start(List<String> command, Map<String, String> environment, String readerName)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", PATH);
        env.putAll(environment);
        Process process = pb.start();
        BoundedReader stderr = new BoundedReader(process.getErrorStream());
        Thread reader = new Thread(Realtime.asOtherThread(stderr), readerName);
        reader.setDaemon(true);
        reader.start();
        return new Started(process, stderr, reader);
    }

    /**
     * Runs a health check ({@code track NAME script ...}) on the caller's thread and waits for it:
     * the same clean environment as a hook ({@code PATH} and {@code CARPD_TRACK=name}), no stdin,
     * stdout discarded, stderr bounded. The check runs in a session and process group of its own
     * (through {@code setsid(1)}, which execs in place), so a timeout kills the whole group:
     * whatever it started in the background dies with it. An interrupt kills it too. Nothing is
     * logged here; the tracker decides what to say.
     */
    public HookResult runCheck(String tracker, List<String> argv, Duration limit) {
        java.util.Optional<String> problem = HookCheck.problem(java.nio.file.Path.of(argv.get(0)));
        if (problem.isPresent()) {
            return new HookResult(OptionalInt.empty(), false, "", problem.get());
        }
        List<String> command = new java.util.ArrayList<>();
        if (java.nio.file.Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.addAll(argv);
        Started started;
        try {
            started = start(command, Map.of("CARPD_TRACK", tracker), "carpd-track-stderr");
        } catch (IOException e) {
            return new HookResult(OptionalInt.empty(), false, "", e.getMessage());
        }
        Process process = started.process();
        BoundedReader stderr = started.stderr();
        Thread reader = started.reader();
        boolean finished;
        boolean interrupted = false;
        try {
            finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            finished = false;
        }
        if (!finished) {
            killGroup(process);
        }
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        String err = stderr.text();
        if (!finished) {
            return new HookResult(OptionalInt.empty(), !interrupted, err, interrupted ? "stopped" : "");
        }
        return new HookResult(OptionalInt.of(process.exitValue()), false, err, "");
    }

    private static final java.nio.file.Path SETSID = java.nio.file.Path.of("/usr/bin/setsid");

    /** SIGKILL to the check's process group (its pid: setsid made it the leader), then to any descendant left. */
    private static void killGroup(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            // The leader is alive and unreaped, so its pid still names its group.
            LibC.INSTANCE.kill(-(int) process.pid(), Posix.SIGKILL);
        }
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String stderrSuffix(String err) {
        return err.isBlank() ? "" : "; stderr: " + err.strip();
    }

    /**
     * Stops taking hooks and waits up to the timeout plus 3 s for the queued ones; then kills
     * what still runs and drops what has not started.
     */
    @Override
    public void close() {
        closed = true;
        CompletableFuture<?>[] pending = tails.values().toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(pending).get(timeout.toMillis() + 3000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // runs still going: stopped below
        }
        executor.shutdownNow();
    }

    /** Reads a stream to its end, keeping only the first MAX_STDERR_BYTES. */
    private static final class BoundedReader implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private volatile boolean truncated;

        BoundedReader(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[1024];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = MAX_STDERR_BYTES - kept.size();
                        kept.write(buf, 0, Math.max(0, Math.min(room, n)));
                        truncated |= n > room;
                    }
                }
            } catch (IOException e) {
                // process killed or stream closed: keep what we have
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8) + (truncated ? " [truncated]" : "");
            }
        }
    }
}
