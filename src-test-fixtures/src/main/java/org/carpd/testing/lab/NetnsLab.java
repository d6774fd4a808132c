package org.carpd.testing.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.carpd.core.wire.MacAddress;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away Ethernet segment made of network namespaces: one "switch" namespace holding a
 * Linux bridge, {@code N} host namespaces and one client namespace, each with an {@code eth0}
 * that is one end of a veth pair whose other end is a port of the bridge.
 *
 * <pre>{@code
 * try (NetnsLab lab = NetnsLab.create(2)) {          // h1, h2 and client
 *     lab.host(1).exec("ping", "-c1", lab.client().ipv4().getHostAddress()).requireSuccess();
 * }                                                  // everything deleted here
 * }</pre>
 *
 * <p>Addresses: host {@code i} is {@code 198.18.0.i/24} and {@code 2001:db8::i/64}, the client
 * {@code 198.18.0.100} and {@code 2001:db8::100}; MACs are {@code 02:ca:4b:00:00:NN}. IPv6
 * addresses are added with {@code nodad} and DAD is off on eth0, so everything is usable at once.
 * The bridge floods all multicast (snooping off) and bridged traffic bypasses netfilter, like a
 * dumb switch.
 *
 * <p>Names: every namespace of one lab starts with {@code carpdlab-<pid>-<6 hex>-} (pid of this
 * JVM). {@link #close()} deletes them all; a JVM shutdown hook does too if a test forgets; and
 * {@link #sweepDeadRuns()} (also run by {@link #create(int)}) deletes namespaces of this scheme
 * whose pid is no longer alive. Namespaces with other names are never touched.
 */
public final class NetnsLab implements AutoCloseable {
    /** Prefix length of the lab's IPv4 subnet 198.18.0.0/24. */
    public static final int IPV4_PREFIX_LENGTH = 24;
    /** Prefix length of the lab's IPv6 subnet 2001:db8::/64. */
    public static final int IPV6_PREFIX_LENGTH = 64;
    /** Host number of the client (and last byte of its IPv4 address). */
    public static final int CLIENT_NUMBER = 100;
    /** Most hosts one lab may have. */
    public static final int MAX_HOSTS = 50;

    static final String SCHEME = "carpdlab-";
    private static final Pattern OURS = Pattern.compile("^carpdlab-(\\d+)-([0-9a-f]{6})-[a-z0-9]+$");
    private static final String BRIDGE = "br0";
    private static volatile Optional<String> unavailableReason;

    private final String prefix;
    private final String switchNetns;
    private final List<LabHost> hosts = new ArrayList<>();
    private final List<String> createdNamespaces = new ArrayList<>();
    private final Path logDir;
    private final Thread shutdownHook;
    private LabHost client;
    private volatile boolean closed;

    private NetnsLab(String prefix) throws IOException {
        this.prefix = prefix;
        this.switchNetns = prefix + "sw";
        this.logDir = Files.createTempDirectory(prefix);
        this.shutdownHook = new Thread(this::teardown, "netns-lab-teardown-" + prefix);
    }

    /**
     * Builds a lab with {@code hostCount} hosts ({@code h1..hN}) and a client. On any failure
     * everything created so far is deleted before the exception propagates.
     *
     * @throws LabException if the lab cannot be built (not root, no {@code ip}, ...)
     */
    public static NetnsLab create(int hostCount) {
        if (hostCount < 1 || hostCount > MAX_HOSTS) {
            throw new IllegalArgumentException("hostCount must be 1.." + MAX_HOSTS + ", not " + hostCount);
        }
        unavailableReason().ifPresent(reason -> {
            throw new LabException("network-namespace lab unavailable: " + reason);
        });
        sweepDeadRuns();
        NetnsLab lab;
        try {
            lab = new NetnsLab(newPrefix());
        } catch (IOException e) {
            throw new LabException("cannot create a log directory", e);
        }
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build(hostCount);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build(int hostCount) {
        addNamespace(switchNetns);
        Commands.ip("-n", switchNetns, "link", "set", "lo", "up");
        Commands.ip("-n", switchNetns, "link", "add", BRIDGE, "type", "bridge", "mcast_snooping", "0");
        Commands.ip("-n", switchNetns, "link", "set", BRIDGE, "up");
        // If br_netfilter is loaded, bridged IPv4 would be validated (bad header checksums dropped)
        // and run through the switch namespace's firewall; a lab switch should be plain layer 2.
        Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "exec", switchNetns, "sh", "-c",
                "for f in /proc/sys/net/bridge/bridge-nf-call-*; do [ -e \"$f\" ] && echo 0 > \"$f\"; done; true"))
                .requireSuccess();
        for (int i = 1; i <= hostCount; i++) {
            hosts.add(addNode("h" + i, i));
        }
        client = addNode("client", CLIENT_NUMBER);
    }

    private LabHost addNode(String name, int number) {
        String netns = prefix + name;
        addNamespace(netns);
        MacAddress mac = MacAddress.of(new byte[] {0x02, (byte) 0xca, 0x4b, 0, 0, (byte) number});
        // The bridge-side veth lives only in the switch namespace, so short names cannot clash across labs.
        Commands.ip("-n", switchNetns, "link", "add", name, "type", "veth",
                "peer", "name", LabHost.INTERFACE, "address", mac.toString(), "netns", netns);
        Commands.ip("-n", switchNetns, "link", "set", name, "master", BRIDGE, "up");
        Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "exec", netns,
                "sysctl", "-q", "-w", "net.ipv6.conf." + LabHost.INTERFACE + ".accept_dad=0")).requireSuccess();
        Commands.ip("-n", netns, "link", "set", "lo", "up");
        Inet4Address v4 = (Inet4Address) address("198.18.0." + number);
        Inet6Address v6 = (Inet6Address) address("2001:db8::" + number);
        Commands.ip("-n", netns, "addr", "add", v4.getHostAddress() + "/" + IPV4_PREFIX_LENGTH, "dev", LabHost.INTERFACE);
        Commands.ip("-n", netns, "addr", "add", "2001:db8::" + number + "/" + IPV6_PREFIX_LENGTH,
                "dev", LabHost.INTERFACE, "nodad");
        Commands.ip("-n", netns, "link", "set", LabHost.INTERFACE, "up");
        return new LabHost(this, name, netns, name, v4, v6, mac);
    }

    private void addNamespace(String netns) {
        Commands.ip("netns", "add", netns);
        synchronized (createdNamespaces) {
            createdNamespaces.add(netns);
        }
    }

    /** Host {@code number}, counting from 1 (host 1 is {@code h1}, 198.18.0.1). */
    public LabHost host(int number) {
        if (number < 1 || number > hosts.size()) {
            throw new IllegalArgumentException("this lab has hosts 1.." + hosts.size() + ", not " + number);
        }
        return hosts.get(number - 1);
    }

    /** All hosts, {@code h1} first. */
    public List<LabHost> hosts() {
        return List.copyOf(hosts);
    }

    /** The client namespace (198.18.0.100, 2001:db8::100): the "rest of the LAN" that talks to the VIPs. */
    public LabHost client() {
        return client;
    }

    /** Name of the namespace holding the bridge {@code br0} and the host ports. */
    public String switchNetns() {
        return switchNetns;
    }

    /** The name prefix shared by all of this lab's namespaces. */
    public String prefix() {
        return prefix;
    }

    /** Where {@link LabHost#spawn(String...)} writes process output; deleted on close. */
    public Path logDir() {
        return logDir;
    }

    void checkOpen() {
        if (closed) {
            throw new LabException("lab " + prefix + " is closed");
        }
    }

    /** Kills spawned processes and deletes every namespace of this lab. Idempotent. */
    @Override
    public void close() {
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; teardown is idempotent
        }
    }

    private synchronized void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        for (LabHost h : hosts) {
            h.shutdown();
        }
        if (client != null) {
            client.shutdown();
        }
        List<String> names;
        synchronized (createdNamespaces) {
            names = new ArrayList<>(createdNamespaces);
        }
        // hosts first, the switch last: deleting a namespace destroys its veth ends
        java.util.Collections.reverse(names);
        List<String> failures = new ArrayList<>();
        for (String ns : names) {
            ExecResult r = Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "del", ns));
            if (!r.ok()) {
                failures.add(ns + ": " + r.output().strip());
            }
        }
        deleteRecursively(logDir);
        if (!failures.isEmpty()) {
            System.err.println("netns lab " + prefix + ": could not delete " + failures);
        }
    }

    /**
     * Deletes namespaces named by this class's scheme whose creating JVM (the pid in the name) is
     * no longer running. Never touches other namespaces.
     *
     * @return the names it deleted
     */
    public static List<String> sweepDeadRuns() {
        ExecResult list = Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "list"));
        if (!list.ok()) {
            return List.of();
        }
        List<String> deleted = new ArrayList<>();
        for (String ns : namespaceNames(list.output())) {
            Matcher m = OURS.matcher(ns);
            if (!m.matches()) {
                continue;
            }
            long pid = Long.parseLong(m.group(1));
            if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()
                    && Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "del", ns)).ok()) {
                deleted.add(ns);
            }
        }
        return deleted;
    }

    /** Names from {@code ip netns list} output (lines look like {@code NAME (id: 3)} or {@code NAME}). */
    static List<String> namespaceNames(String ipNetnsListOutput) {
        List<String> names = new ArrayList<>();
        for (String line : ipNetnsListOutput.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    /** Current namespace names that carry {@code prefix}; tests use it to check teardown. */
    public static List<String> namespacesWithPrefix(String prefix) {
        return namespaceNames(Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "list"))
                .requireSuccess().output()).stream().filter(n -> n.startsWith(prefix)).toList();
    }

    /** True if labs can be built here: running as root, {@code ip} present, namespaces can be created. */
    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Why labs cannot be built here, or empty if they can. Probed once per JVM. */
    public static Optional<String> unavailableReason() {
        Optional<String> r = unavailableReason;
        if (r == null) {
            r = probe();
            unavailableReason = r;
        }
        return r;
    }

    /**
     * JUnit: skips the calling test with the reason unless a lab can be built. The reason also
     * goes to stderr (once per test class), because a class skipped in {@code @BeforeAll} shows
     * in Maven's summary only as "Tests run: 0".
     */
    public static void assumeAvailable() {
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                    .walk(frames -> frames.skip(1).findFirst().map(f -> f.getDeclaringClass().getSimpleName())
                            .orElse("?"));
            if (REPORTED_SKIPS.add(caller)) {
                System.err.println("[carpd tests] " + caller + ": network-namespace lab skipped: " + reason.get());
            }
        }
        Assumptions.assumeTrue(reason.isEmpty(), () -> "network-namespace lab skipped: " + reason.orElse(""));
    }

    private static final java.util.Set<String> REPORTED_SKIPS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static Optional<String> probe() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            Matcher m = Pattern.compile("(?m)^Uid:\\s+\\d+\\s+(\\d+)").matcher(status);
            if (!m.find() || !m.group(1).equals("0")) {
                return Optional.of("not running as root (needs root for ip netns)");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status (not Linux?)");
        }
        ExecResult version;
        try {
            version = Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "-V"));
        } catch (LabException e) {
            return Optional.of("the 'ip' command (iproute2) is missing");
        }
        if (!version.ok()) {
            return Optional.of("the 'ip' command (iproute2) does not work: " + version.output().strip());
        }
        String probe = newPrefix() + "probe";
        ExecResult add = Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "add", probe));
        Commands.run(Commands.DEFAULT_TIMEOUT, List.of("ip", "netns", "del", probe));
        if (!add.ok()) {
            return Optional.of("cannot create a network namespace: " + add.output().strip());
        }
        return Optional.empty();
    }

    private static String newPrefix() {
        byte[] b = new byte[3];
        new SecureRandom().nextBytes(b);
        return String.format("%s%d-%02x%02x%02x-", SCHEME, ProcessHandle.current().pid(), b[0], b[1], b[2]);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the log directory is in /tmp; a leftover is harmless
        }
    }

    @Override
    public String toString() {
        return "NetnsLab[" + prefix + ", " + hosts.size() + " hosts]";
    }
}
