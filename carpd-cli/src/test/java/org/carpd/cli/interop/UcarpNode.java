package org.carpd.cli.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.carpd.testing.lab.LabHost;

/**
 * Debian's real ucarp on a lab host, for one IPv4 virtual address: up/down scripts add and
 * remove the address, {@code -z} runs the down script on a clean exit. {@link #crash()} is a
 * SIGKILL followed by what the host's death does to the address (it goes away); restarts append
 * to the same log.
 */
final class UcarpNode implements AutoCloseable {
    private final LabHost host;
    private final Path dir;
    private final int vhid;
    private final String pass;
    private final String vip;
    private final List<String> options;
    private String source;
    private Process process;
    private int runs;

    /** @param options extra ucarp options, e.g. {@code -k 20 -P} */
    UcarpNode(LabHost host, Path dir, int vhid, String pass, String vip, String... options) throws IOException {
        this.host = host;
        this.dir = Files.createDirectories(dir.resolve("ucarp-" + host.name()));
        this.vhid = vhid;
        this.pass = pass;
        this.vip = vip;
        this.options = List.of(options);
        this.source = host.ipv4().getHostAddress();
    }

    /** Sends from {@code address} (ucarp's {@code -s}; it must be on eth0) instead of the host's own address. */
    void sourceAddress(String address) {
        this.source = address;
    }

    static boolean installed() {
        try {
            return new ProcessBuilder("sh", "-c", "command -v ucarp").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    LabHost host() {
        return host;
    }

    void start() throws IOException {
        Path up = script("vip-up", "ip addr add \"$2\"/24 dev \"$1\"");
        Path down = script("vip-down", "ip addr del \"$2\"/24 dev \"$1\" 2>/dev/null || true");
        List<String> cmd = new ArrayList<>(List.of("ucarp", "-i", "eth0", "-s", source,
                "-v", String.valueOf(vhid), "-p", pass, "-b", "1", "-a", vip,
                "-u", up.toString(), "-d", down.toString(), "-z"));
        cmd.addAll(options);
        process = host.spawn(dir.resolve("ucarp-" + (++runs) + ".log"), cmd.toArray(String[]::new));
    }

    /** SIGKILL, then the address disappears as it does when the host dies. */
    void crash() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        host.exec("ip", "addr", "del", vip + "/24", "dev", "eth0");
    }

    boolean holdsVip() {
        return host.exec("ip", "-4", "-o", "addr", "show", "dev", "eth0").output().contains(" " + vip + "/");
    }

    /** All runs' output. */
    String log() {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= runs; i++) {
            try {
                sb.append("--- ucarp run ").append(i).append('\n')
                        .append(Files.readString(dir.resolve("ucarp-" + i + ".log")));
            } catch (IOException e) {
                sb.append("(no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
