package org.carpd.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.carpd.testing.lab.LabHost;

/**
 * One running daemon on a lab host. Every daemon is started so that the spawned process is the
 * daemon itself ({@code ip netns exec} and carpd's launcher exec), so SIGTERM reaches it directly;
 * keepalived's VRRP child is one of its descendants.
 */
final class DaemonProcess implements AutoCloseable {
    /** Resident and proportional set size in kB, summed over the daemon's processes. */
    record Memory(long rssKb, long pssKb) {
    }

    final Daemon daemon;
    final LabHost host;
    private final Path log;
    private final Process process;

    private DaemonProcess(Daemon daemon, LabHost host, Path log, Process process) {
        this.daemon = daemon;
        this.host = host;
        this.log = log;
        this.process = process;
    }

    static DaemonProcess start(Daemon daemon, LabHost host, Path dir, Path dist, int advbase, int advskew, int vhids)
            throws IOException {
        List<String> cmd = daemon.prepare(host, dir, dist, advbase, advskew, vhids);
        Path log = dir.resolve(daemon.id + ".log");
        return new DaemonProcess(daemon, host, log, host.spawn(log, cmd.toArray(String[]::new)));
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Waits until the log shows the daemon is a backup; throws with the log otherwise. */
    void awaitBackup(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!daemon.backupLine.matcher(log()).find()) {
            requireAlive();
            if (System.nanoTime() > deadline) {
                throw new BenchException(daemon.id + " on " + host.name() + " never became backup:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new BenchException(daemon.id + " on " + host.name() + " exited with " + process.exitValue() + ":\n" + log());
        }
    }

    /** SIGTERM (Process.destroy on Linux), without waiting. */
    void terminate() {
        process.destroy();
    }

    /** Sums Rss and Pss of {@code /proc/PID/smaps_rollup} over the daemon and its descendants. */
    Memory memory() throws IOException {
        requireAlive();
        long rss = 0;
        long pss = 0;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        try (Stream<ProcessHandle> children = process.descendants()) {
            children.forEach(all::add);
        }
        for (ProcessHandle p : all) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"));
            } catch (NoSuchFileException gone) {
                continue; // a short-lived child (a hook, a script) that has just exited
            }
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f[0].equals("Rss:")) {
                    rss += Long.parseLong(f[1]);
                } else if (f[0].equals("Pss:")) {
                    pss += Long.parseLong(f[1]);
                }
            }
        }
        return new Memory(rss, pss);
    }

    /** SIGTERM, then SIGKILL (the whole tree) if it has not exited within 10 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
