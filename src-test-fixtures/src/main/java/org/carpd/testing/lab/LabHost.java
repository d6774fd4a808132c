package org.carpd.testing.lab;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.carpd.core.wire.MacAddress;

/**
 * One machine on the lab segment: a network namespace whose {@code eth0} is plugged into the lab
 * switch. Hosts and the client are both {@code LabHost}s.
 *
 * <p>Commands run as {@code ip netns exec NETNS ...}; Java code can run inside the namespace with
 * {@link #runInNamespace(Callable)}.
 */
public final class LabHost {
    /** The host's only Ethernet interface, inside its namespace. */
    public static final String INTERFACE = "eth0";

    private final NetnsLab lab;
    private final String name;
    private final String netns;
    private final String switchPort;
    private final Inet4Address ipv4;
    private final Inet6Address ipv6;
    private final MacAddress mac;
    private final List<Process> spawned = new ArrayList<>();
    private ExecutorService nsThread;
    private volatile RuntimeException enterFailure;
    private int logSeq;

    LabHost(NetnsLab lab, String name, String netns, String switchPort, Inet4Address ipv4, Inet6Address ipv6,
            MacAddress mac) {
        this.lab = lab;
        this.name = name;
        this.netns = netns;
        this.switchPort = switchPort;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.mac = mac;
    }

    /** Short name inside the lab: {@code h1}, {@code h2}, ... or {@code client}. */
    public String name() {
        return name;
    }

    /** The network namespace name, for {@code ip netns exec} or {@code ip -n}. */
    public String netns() {
        return netns;
    }

    /** Always {@value #INTERFACE}. */
    public String interfaceName() {
        return INTERFACE;
    }

    /** The host's own IPv4 address on eth0 (prefix {@value NetnsLab#IPV4_PREFIX_LENGTH}). */
    public Inet4Address ipv4() {
        return ipv4;
    }

    /** The host's own IPv6 address on eth0 (prefix {@value NetnsLab#IPV6_PREFIX_LENGTH}), usable at once (nodad). */
    public Inet6Address ipv6() {
        return ipv6;
    }

    /** eth0's MAC address (fixed per host number, locally administered). */
    public MacAddress mac() {
        return mac;
    }

    /** Name of this host's port (the veth end) on the lab bridge, inside {@link NetnsLab#switchNetns()}. */
    public String switchPort() {
        return switchPort;
    }

    /** Runs a command in this namespace with the default timeout (20 s); never throws on a non-zero exit. */
    public ExecResult exec(String... command) {
        return exec(Commands.DEFAULT_TIMEOUT, command);
    }

    /** Runs a command in this namespace; throws {@link LabException} if it does not finish within {@code timeout}. */
    public ExecResult exec(Duration timeout, String... command) {
        lab.checkOpen();
        return Commands.run(timeout, inNetns(command));
    }

    /**
     * Starts a long-running command (a daemon) in this namespace. Its stdout and stderr go to a log
     * file in {@link NetnsLab#logDir()}; the process (and its children) is killed on {@link NetnsLab#close()}.
     */
    public Process spawn(String... command) {
        return spawn(lab.logDir().resolve(name + "-" + (++logSeq) + ".log"), command);
    }

    /** Like {@link #spawn(String...)} but writes stdout and stderr to {@code logFile}. */
    public synchronized Process spawn(Path logFile, String... command) {
        lab.checkOpen();
        try {
            Process p = new ProcessBuilder(inNetns(command))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
            spawned.add(p);
            return p;
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", command) + " in " + netns, e);
        }
    }

    /**
     * Unplugs this host: sets its port on the lab bridge down. The host's eth0 then has no carrier
     * (state LOWERLAYERDOWN) but keeps its addresses and configuration, and nobody on the segment
     * hears it any more, nor does it hear them — like a pulled cable or a dead switch port. (Setting
     * eth0 itself down would instead look like an administrator action and drop its IPv6 addresses.)
     */
    public void linkDown() {
        lab.checkOpen();
        Commands.ip("-n", lab.switchNetns(), "link", "set", switchPort, "down");
    }

    /** Plugs the host back in (undoes {@link #linkDown()}). */
    public void linkUp() {
        lab.checkOpen();
        Commands.ip("-n", lab.switchNetns(), "link", "set", switchPort, "up");
    }

    /**
     * Runs {@code task} on this host's namespace thread: a dedicated OS thread that has entered the
     * namespace with setns(2). Sockets (packet sockets too) and {@code NetworkInterface} look-ups must be
     * made from there to see this host's eth0; threads started from inside the task inherit the
     * namespace, and already-open handles keep working from any thread. Calls are serialised (one
     * thread per host). Waits at most 60 s.
     */
    public <T> T runInNamespace(Callable<T> task) throws Exception {
        Future<T> f;
        synchronized (this) {
            lab.checkOpen();
            if (nsThread == null) {
                nsThread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(() -> {
                        try {
                            NamespaceEntry.enter(netns);
                        } catch (RuntimeException e) {
                            enterFailure = e; // tasks then fail instead of running in the wrong namespace
                        }
                        r.run();
                    }, "netns-" + name);
                    t.setDaemon(true);
                    return t;
                });
            }
            f = nsThread.submit(() -> {
                if (enterFailure != null) {
                    throw enterFailure;
                }
                return task.call();
            });
        }
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new LabException("task in " + netns + " did not finish within 60 s", e);
        }
    }

    /** Kills spawned processes and stops the namespace thread; called by the lab on close. */
    synchronized void shutdown() {
        for (Process p : spawned) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : spawned) {
            try {
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        spawned.clear();
        if (nsThread != null) {
            nsThread.shutdownNow();
            try {
                nsThread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nsThread = null;
        }
    }

    private List<String> inNetns(String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("empty command");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    @Override
    public String toString() {
        return name + " (" + netns + ", " + ipv4.getHostAddress() + ", " + ipv6.getHostAddress() + ", " + mac + ")";
    }
}
