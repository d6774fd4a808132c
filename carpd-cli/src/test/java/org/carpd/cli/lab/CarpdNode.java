package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.carpd.testing.lab.ExecResult;
import org.carpd.testing.lab.LabHost;

/**
 * One real carpd daemon (the packaged {@code bin/carpd} launcher) on a lab host: writes its config
 * and key into a directory, starts it in the host's namespace, talks to it with {@code bin/carpctl},
 * records {@code carpctl watch} (timestamped state transitions) and reads its log.
 */
final class CarpdNode implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    static final String VIP4 = "198.18.0.10";
    static final String VIP6 = "2001:db8::10";

    /**
     * How the systemd unit runs carpd: as nobody:nogroup, no supplementary groups, with only
     * CAP_NET_RAW and CAP_NET_ADMIN (ambient, so they survive the exec of the JVM) and nothing else
     * in the bounding set. setpriv execs, so the daemon's pid stays the JVM's.
     */
    static final List<String> SETPRIV_NOBODY = List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
            "--clear-groups", "--inh-caps=+net_raw,+net_admin", "--ambient-caps=+net_raw,+net_admin",
            "--bounding-set=-all,+net_raw,+net_admin", "--");

    private static final Pattern STATE = Pattern.compile("carp: (INIT|BACKUP|MASTER) vhid");
    private static final Pattern WATCH_LINE = Pattern.compile("^(\\S+Z) (\\S+) vhid (\\d+) (\\w+) -> (\\w+) \\((.*)\\)$");

    /** One line of {@code carpctl watch}. */
    record Transition(Instant time, String from, String to, String reason) {
    }

    private final LabHost host;
    private final Path dir;
    private final Path config;
    private final Path socket;
    private final Path log;
    private final Path watchLog;
    private List<String> wrapper = List.of();
    private boolean unprivileged;
    private Process daemon;
    private Process watcher;

    CarpdNode(LabHost host, Path dir) throws IOException {
        this.host = host;
        this.dir = Files.createDirectories(dir.resolve(host.name()));
        this.config = this.dir.resolve("carpd.conf");
        this.socket = this.dir.resolve("carpd.sock");
        this.log = this.dir.resolve("carpd.log");
        this.watchLog = this.dir.resolve("watch.log");
    }

    LabHost host() {
        return host;
    }

    Path dir() {
        return dir;
    }

    Path configFile() {
        return config;
    }

    /**
     * From now on starts carpd through {@link #SETPRIV_NOBODY} and hands this node's directory
     * (socket) and key file to nobody:nogroup. The caller must make the parent directory
     * traversable for others.
     */
    void runAsNobody() throws IOException {
        runAsNobody(List.of());
    }

    /** As {@link #runAsNobody()}, with {@code prefix} (e.g. prlimit) run before setpriv. */
    void runAsNobody(List<String> prefix) throws IOException {
        List<String> w = new ArrayList<>(prefix);
        w.addAll(SETPRIV_NOBODY);
        wrapper = List.copyOf(w);
        unprivileged = true;
        chownToNobody(dir);
    }

    /** From now on starts carpd with these {@code NAME=VALUE} environment variables (through env(1)). */
    void environment(String... assignments) {
        List<String> w = new ArrayList<>(List.of("env"));
        w.addAll(List.of(assignments));
        w.addAll(wrapper);
        wrapper = List.copyOf(w);
    }

    private static void chownToNobody(Path file) throws IOException {
        UserPrincipalLookupService names = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        view.setOwner(names.lookupPrincipalByName("nobody"));
        view.setGroup(names.lookupPrincipalByGroupName("nogroup"));
    }

    /** The daemon JVM's {@code /proc/PID/status} (Uid, Cap* lines). */
    String procStatus() throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(daemon.pid()), "status"));
    }

    /** The usual one-interface config: VIPs 198.18.0.10/24 and 2001:db8::10/64, key file {@code key}. */
    static String carp0(int advbase, int advskew, Path key, String... extra) {
        return "carp0 carpdev eth0 lladdr carpdev vhid 1 advbase " + advbase + " advskew " + advskew + " pass-file " + key
                + " " + VIP4 + "/24 " + VIP6 + "/64" + (extra.length == 0 ? "" : " " + String.join(" ", extra)) + "\n";
    }

    /** Writes a key file with mode 600 (or {@code mode}) in this node's directory; returns its path. */
    Path writeKey(String passphrase, String mode) throws IOException {
        Path key = dir.resolve("carp0.key");
        Files.writeString(key, passphrase, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
        if (unprivileged) {
            chownToNobody(key);
        }
        return key;
    }

    Path writeKey(String passphrase) throws IOException {
        return writeKey(passphrase, "rw-------");
    }

    void writeConfig(String text) throws IOException {
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    /** Starts carpd in the foreground and waits until its control socket answers. */
    void start() throws Exception {
        startProcess();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            if (!daemon.isAlive()) {
                fail(host.name() + ": carpd exited with " + daemon.exitValue() + ":\n" + log());
            }
            if (System.nanoTime() > deadline) {
                fail(host.name() + ": carpd control socket did not appear:\n" + log());
            }
            Thread.sleep(20);
        }
        watcher = host.spawn(watchLog, DIST.resolve("bin/carpctl").toString(), "-s", socket.toString(), "watch");
    }

    /** Starts carpd without waiting for anything (for start-up failures). */
    Process startProcess() throws IOException {
        Files.deleteIfExists(socket);
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(List.of(DIST.resolve("bin/carpd").toString(), "--foreground", "-c", config.toString(),
                "--socket", socket.toString(), "--state-dir", dir.toString()));
        daemon = host.spawn(log, cmd.toArray(String[]::new));
        return daemon;
    }

    Process process() {
        return daemon;
    }

    /** Runs {@code carpctl -s SOCK args...} (outside the namespace: the socket is a file). */
    ExecResult ctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/carpctl").toString(), "-s", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("carpctl " + cmd + " timed out");
        }
        return new ExecResult(cmd, p.exitValue(), out);
    }

    /** carp0's state as {@code carpctl} prints it (INIT, BACKUP or MASTER). */
    String state() throws Exception {
        ExecResult r = ctl().requireSuccess();
        Matcher m = STATE.matcher(r.output());
        if (!m.find()) {
            fail(host.name() + ": no state in carpctl output:\n" + r.output());
        }
        return m.group(1);
    }

    /**
     * Waits until carp0 is in {@code state}; fails with the log after {@code timeout}. The
     * {@code carpctl watch} log answers when its last carp0 transition went there; otherwise
     * carpctl is asked, every 250 ms rather than back to back: each call is a JVM (about 0.25 s
     * of CPU), a steady load on two cores beside tests that measure milliseconds.
     */
    void awaitState(String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "unknown";
        long nextAsk = 0;
        do {
            if (state.equals(watchedState())) {
                return;
            }
            if (System.nanoTime() >= nextAsk) {
                nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250);
                last = state();
                if (last.equals(state)) {
                    return;
                }
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        fail(host.name() + ": still " + last + " after " + timeout + ", wanted " + state + "; log:\n" + log());
    }

    /**
     * carp0's state after its last transition in this daemon's {@code carpctl watch} log; null if
     * it has none, or transitions of several vhids (balancing: carpctl's first line decides).
     */
    private String watchedState() throws IOException {
        if (watcher == null || !watcher.isAlive() || daemon == null || !daemon.isAlive() || !Files.exists(watchLog)) {
            return null;
        }
        String to = null;
        String vhid = null;
        for (String line : Files.readAllLines(watchLog)) {
            Matcher m = WATCH_LINE.matcher(line.strip());
            if (m.matches() && m.group(2).equals("carp0")) {
                if (vhid != null && !vhid.equals(m.group(3))) {
                    return null;
                }
                vhid = m.group(3);
                to = m.group(5);
            }
        }
        return to;
    }

    /** Transitions seen by {@code carpctl watch} since start. */
    List<Transition> transitions() throws IOException {
        List<Transition> out = new ArrayList<>();
        if (!Files.exists(watchLog)) {
            return out;
        }
        for (String line : Files.readAllLines(watchLog)) {
            Matcher m = WATCH_LINE.matcher(line.strip());
            if (m.matches()) {
                out.add(new Transition(Instant.parse(m.group(1)), m.group(4), m.group(5), m.group(6)));
            }
        }
        return out;
    }

    /** Waits until {@code carpctl watch} reports a transition to {@code to} at or after {@code since}. */
    Transition awaitTransition(String to, Instant since, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Transition t : transitions()) {
                if (t.to().equals(to) && !t.time().isBefore(since)) {
                    return t;
                }
            }
            if (System.nanoTime() > deadline) {
                fail(host.name() + ": no transition to " + to + " within " + timeout + "; watch:\n"
                        + Files.readString(watchLog) + "\nlog:\n" + log());
            }
            Thread.sleep(10);
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until the log contains {@code text}. */
    void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail(host.name() + ": log never said '" + text + "':\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** Sends a signal (e.g. "TERM", "HUP") to the daemon JVM (the launchers exec, so the pid is the JVM's). */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(daemon.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            fail("kill -" + name + " " + daemon.pid() + " failed");
        }
    }

    /** Does {@code ip -j addr} in this host's namespace list the virtual addresses on eth0? */
    boolean hasVip4() {
        return addresses().contains("\"local\":\"" + VIP4 + "\"");
    }

    boolean hasVip6() {
        return addresses().contains("\"local\":\"" + VIP6 + "\"");
    }

    private String addresses() {
        return host.exec("ip", "-j", "addr", "show", "dev", "eth0").requireSuccess().output();
    }

    /** Stops the daemon with SIGTERM (the watcher ends with it) and waits for it to exit. */
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            signal("TERM");
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (watcher != null && !watcher.waitFor(5, TimeUnit.SECONDS)) {
            watcher.destroyForcibly();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    @Override
    public String toString() {
        return "carpd on " + host.name();
    }
}
