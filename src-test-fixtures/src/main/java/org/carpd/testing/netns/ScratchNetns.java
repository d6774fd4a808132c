package org.carpd.testing.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away network namespace named {@code carpd-<purpose>-<pid>-<random>}, created with
 * {@code ip netns add} and deleted on {@link #close()} or, if the JVM exits first, by a shutdown
 * hook. Deleting the namespace also deletes the veths and addresses inside it. Needs root.
 */
public final class ScratchNetns implements AutoCloseable {
    private final String name;
    private final Thread cleanup;
    private boolean closed;

    private ScratchNetns(String name) {
        this.name = name;
        this.cleanup = new Thread(this::delete, "delete-netns-" + name);
    }

    /** Creates the namespace and brings its loopback up. */
    public static ScratchNetns create(String purpose) throws IOException {
        String name = "carpd-" + purpose + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        ScratchNetns ns = new ScratchNetns(name);
        Runtime.getRuntime().addShutdownHook(ns.cleanup);
        try {
            run("ip", "netns", "add", name);
            ns.ip("link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n NAME args...} and returns its standard output; throws if it fails. */
    public String ip(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("ip", "-n", name));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    /** Runs a command, returns its standard output, throws with its error output if it exits non-zero. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + new String(err, StandardCharsets.UTF_8).trim());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it deletes the namespace itself
        }
    }

    private void delete() {
        try {
            run("ip", "netns", "del", name);
        } catch (IOException e) {
            // Already gone (deleted by close and then by the hook) is fine; anything else is reported.
            if (!e.getMessage().contains("No such file")) {
                System.err.println("could not delete network namespace " + name + ": " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
