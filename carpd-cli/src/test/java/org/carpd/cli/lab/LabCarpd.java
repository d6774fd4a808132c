package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.testing.lab.ExecResult;
import org.carpd.testing.lab.LabHost;

/**
 * {@link CarpdNode} for the lab tests of other packages (interop, attack, chaos), plus what
 * those need: SIGKILL/SIGSTOP, restarts that keep the {@code carpctl watch} history, the state
 * of any carp interface, and the counters of {@code carpctl stats}.
 */
public final class LabCarpd implements AutoCloseable {
    /** carp0's virtual addresses in {@link CarpdNode#carp0}. */
    public static final String VIP4 = CarpdNode.VIP4;
    public static final String VIP6 = CarpdNode.VIP6;

    private static final Pattern WATCH_LINE = Pattern.compile("^(\\S+Z) (\\S+) vhid (\\d+) (\\w+) -> (\\w+) \\((.*)\\)$");
    private static final Pattern STATS_LINE = Pattern.compile("^\\s*(\\d+) (.+?)\\s*$");

    /** One line of {@code carpctl watch}. */
    public record Transition(Instant time, String iface, int vhid, String from, String to, String reason) {
    }

    private final CarpdNode node;
    private final List<Transition> earlierRuns = new ArrayList<>();

    public LabCarpd(LabHost host, Path dir) throws IOException {
        this.node = new CarpdNode(host, dir);
    }

    /** The one-interface config of {@link CarpdNode#carp0}: vhid 1, both VIPs. */
    public static String carp0(int advbase, int advskew, Path key, String... extra) {
        return CarpdNode.carp0(advbase, advskew, key, extra);
    }

    /**
     * From now on runs carpd as the systemd unit does: nobody:nogroup with only CAP_NET_RAW and
     * CAP_NET_ADMIN. The directory above {@link #dir()} must be traversable for others.
     */
    public void runAsNobody() throws IOException {
        node.runAsNobody();
    }

    public LabHost host() {
        return node.host();
    }

    public Path dir() {
        return node.dir();
    }

    public Path writeKey(String passphrase) throws IOException {
        return node.writeKey(passphrase);
    }

    public void writeConfig(String text) throws IOException {
        node.writeConfig(text);
    }

    /** Starts carpd (again) and waits for its control socket; earlier runs' transitions are kept. */
    public void start() throws Exception {
        earlierRuns.addAll(parseWatch());
        node.start();
    }

    /** SIGTERM and wait. */
    public void stop() throws Exception {
        node.stop();
    }

    /** SIGKILL and wait for the process to die (no bow-out, addresses stay: a crash). */
    public void kill() throws Exception {
        if (alive()) {
            node.signal("KILL");
            node.process().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** For teardown: SIGKILL to the daemon and its children (hooks still running). */
    public void killTree() throws Exception {
        if (node.process() != null) {
            node.process().descendants().forEach(ProcessHandle::destroyForcibly);
        }
        kill();
    }

    public boolean alive() {
        return node.process() != null && node.process().isAlive();
    }

    public long pid() {
        return node.process().pid();
    }

    public void signal(String name) throws Exception {
        node.signal(name);
    }

    public ExecResult ctl(String... args) throws Exception {
        return node.ctl(args);
    }

    /** The state (INIT, BACKUP, MASTER) of carp interface {@code iface} as carpctl shows it. */
    public String state(String iface) throws Exception {
        String out = node.ctl(iface).requireSuccess().output();
        Matcher m = Pattern.compile("carp: (\\w+) vhid").matcher(out);
        if (!m.find()) {
            fail(node.host().name() + ": no state for " + iface + " in:\n" + out);
        }
        return m.group(1);
    }

    public void awaitState(String state, Duration timeout) throws Exception {
        node.awaitState(state, timeout);
    }

    /** The {@code total:} block of {@code carpctl stats}, keyed by counter text (e.g. "discarded as replays"). */
    public Map<String, Long> stats() throws Exception {
        return stats("total");
    }

    /** One block of {@code carpctl stats}: a carp interface's counters, or "total". */
    public Map<String, Long> stats(String block) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        String current = null;
        for (String line : node.ctl("stats").requireSuccess().output().split("\n")) {
            if (!line.startsWith("\t") && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
                continue;
            }
            Matcher m = STATS_LINE.matcher(line);
            if (block.equals(current) && m.matches()) {
                out.put(m.group(2), Long.parseLong(m.group(1)));
            }
        }
        if (out.isEmpty()) {
            fail(node.host().name() + ": no '" + block + "' block in carpctl stats");
        }
        return out;
    }

    /** Every transition {@code carpctl watch} reported, across restarts, oldest first. */
    public List<Transition> transitions() throws IOException {
        List<Transition> all = new ArrayList<>(earlierRuns);
        all.addAll(parseWatch());
        return all;
    }

    private List<Transition> parseWatch() throws IOException {
        Path watch = node.dir().resolve("watch.log");
        List<Transition> out = new ArrayList<>();
        if (!Files.exists(watch)) {
            return out;
        }
        for (String line : Files.readAllLines(watch)) {
            Matcher m = WATCH_LINE.matcher(line.strip());
            if (m.matches()) {
                out.add(new Transition(Instant.parse(m.group(1)), m.group(2), Integer.parseInt(m.group(3)),
                        m.group(4), m.group(5), m.group(6)));
            }
        }
        return out;
    }

    /** Waits for a transition of {@code iface} to {@code to} at or after {@code since}. */
    public Transition awaitTransition(String iface, String to, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Transition t : transitions()) {
                if (t.iface().equals(iface) && t.to().equals(to) && !t.time().isBefore(since)) {
                    return t;
                }
            }
            if (System.nanoTime() > deadline) {
                fail(node.host().name() + ": no transition of " + iface + " to " + to + " within " + timeout
                        + "; transitions " + transitions() + "\nlog:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    public String log() throws IOException {
        return node.log();
    }

    @Override
    public void close() throws Exception {
        node.close();
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
