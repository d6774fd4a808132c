package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * carpd as the unit runs it (nobody, two capabilities) and carpd-notify as root, following it
 * over the control socket: the root-only action (a route added inside h1's namespace with
 * {@code ip netns exec}, which needs CAP_SYS_ADMIN, and a file in a root-owned directory) is
 * there while h1 is MASTER and gone while it is not, through a forced handover, a carpd restart
 * (carpd-notify reconnects) and a carpd-notify that stops reading for a while (carpd does not
 * wait for it). Also the unit's {@code systemd-analyze security} figure.
 */
class CarpdNotifyIT extends TwoNodeLabTest {
    private static final String ROUTE = "198.19.99.0/24";

    private Process notify;
    private Path notifyLog;
    private Path rootOnly;

    @AfterEach
    void stopNotify() throws Exception {
        if (notify != null && notify.isAlive()) {
            kill("CONT");
            kill("TERM");
            if (!notify.waitFor(10, TimeUnit.SECONDS)) {
                notify.destroyForcibly();
            }
        }
    }

    private void kill(String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(notify.pid())).inheritIO().start().waitFor();
    }

    /** The action: records what it was told and who ran it, then adds or removes the route. */
    private Path writeAction() throws IOException {
        rootOnly = Files.createDirectory(tmp.resolve("root-only"));
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectory(tmp.resolve("notify.d"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path action = dir.resolve("10-route");
        String ns = lab.host(1).netns();
        Files.writeString(action, "#!/bin/sh\n"
                + "echo \"$(id -u) $CARP_IF $CARP_VHID $CARP_PREV_STATE $CARP_STATE [$CARP_REASON] $CARP_ADDRS\" >> "
                + rootOnly.resolve("log") + "\n"
                + "case \"$CARP_STATE\" in\n"
                + "MASTER) echo master > " + rootOnly.resolve("state") + "\n"
                + "        ip netns exec " + ns + " ip route replace " + ROUTE + " dev eth0 ;;\n"
                + "*)      rm -f " + rootOnly.resolve("state") + "\n"
                + "        ip netns exec " + ns + " ip route del " + ROUTE + " 2>/dev/null || true ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(action, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private void startNotify(Path dir) throws IOException {
        notifyLog = tmp.resolve("notify.log");
        notify = new ProcessBuilder(CarpdNode.DIST.resolve("bin/carpd-notify").toString(), "--foreground",
                "-s", n1.dir().resolve("carpd.sock").toString(), "-d", dir.toString(), "--carpd-user", "nobody",
                "--timeout", "5").redirectErrorStream(true).redirectOutput(notifyLog.toFile()).start();
    }

    private boolean routed() {
        return lab.host(1).exec("ip", "-j", "route", "show", ROUTE).requireSuccess().output().contains("\"dst\":\"" + ROUTE + "\"");
    }

    /** The root-only effects are all present (MASTER) or all absent. */
    private boolean actedAsMaster() {
        return routed() && Files.exists(rootOnly.resolve("state"));
    }

    private boolean actedAsNotMaster() {
        return !routed() && !Files.exists(rootOnly.resolve("state"));
    }

    private String logs() throws IOException {
        return "\nnotify log:\n" + (Files.exists(notifyLog) ? Files.readString(notifyLog) : "") + "\nactions:\n"
                + actions() + "\ncarpd h1:\n" + n1.log();
    }

    private List<String> actions() throws IOException {
        Path log = rootOnly.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private int actionCount() {
        try {
            return actions().size();
        } catch (IOException e) {
            return -1;
        }
    }

    private void await(BooleanSupplier condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + timeout + logs());
            }
            Thread.sleep(50);
        }
    }

    /** Samples every 250 ms for {@code span}: the condition holds at each sample. */
    private void holds(BooleanSupplier condition, Duration span, String what) throws Exception {
        long end = System.nanoTime() + span.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(condition.getAsBoolean(), what + logs());
            Thread.sleep(250);
        }
    }

    @Test
    void rootActionsFollowAnUnprivilegedCarpdThroughHandoverRestartAndStall() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "setpriv (util-linux) not installed");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        createLab();
        n1.runAsNobody();
        Path dir = writeAction();

        // what the hook of an unprivileged carpd cannot do
        List<String> asCarpd = new ArrayList<>(CarpdNode.SETPRIV_NOBODY);
        asCarpd.addAll(List.of("ip", "netns", "exec", lab.host(1).netns(), "ip", "route", "replace", ROUTE, "dev", "eth0"));
        Process denied = new ProcessBuilder(asCarpd).redirectErrorStream(true).start();
        String deniedOut = new String(denied.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(denied.waitFor(10, TimeUnit.SECONDS));
        assertTrue(denied.exitValue() != 0 && !routed(), "carpd's user must not be able to add it: " + deniedOut);

        startNotify(dir); // before carpd: it waits and connects when the socket appears
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("lab-secret")));
        n2.writeConfig(CarpdNode.carp0(1, 100, n2.writeKey("lab-secret")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        await(this::actedAsMaster, Duration.ofSeconds(5), "MASTER actions ran as root");
        holds(this::actedAsMaster, Duration.ofSeconds(2), "route and file stay while MASTER");

        n1.ctl("carp0", "state", "backup").requireSuccess();
        n1.awaitState("BACKUP", Duration.ofSeconds(2));
        await(this::actedAsNotMaster, Duration.ofSeconds(3), "BACKUP actions removed them");
        holds(this::actedAsNotMaster, Duration.ofSeconds(1), "they stay away while BACKUP");

        // carpd restarts: carpd-notify reconnects and catches up
        n1.stop();
        n1.start();
        n1.awaitState("BACKUP", Duration.ofSeconds(5));
        await(() -> notifyLogCount("following carpd on") >= 2, Duration.ofSeconds(5), "carpd-notify reconnected");
        n1.ctl("carp0", "state", "master").requireSuccess();
        n1.awaitState("MASTER", Duration.ofSeconds(2));
        await(this::actedAsMaster, Duration.ofSeconds(3), "MASTER actions after the restart");

        // carpd-notify stops reading: carpd's transitions do not wait for it
        int actedBefore = actions().size();
        kill("STOP");
        long t0 = System.nanoTime();
        n1.ctl("carp0", "state", "backup").requireSuccess();
        n1.awaitState("BACKUP", Duration.ofSeconds(2));
        n1.ctl("carp0", "state", "master").requireSuccess();
        n1.awaitState("MASTER", Duration.ofSeconds(2));
        n1.ctl("carp0", "state", "backup").requireSuccess();
        n1.awaitState("BACKUP", Duration.ofSeconds(2));
        long stalledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(stalledMs < 4000, "three forced transitions took " + stalledMs + " ms with carpd-notify stopped");
        holds(this::actedAsMaster, Duration.ofMillis(750), "nothing runs while carpd-notify is stopped");
        kill("CONT");
        // all three queued transitions acted on: the first (BACKUP) alone already looks like the end
        await(() -> actionCount() >= actedBefore + 3 && actedAsNotMaster(), Duration.ofSeconds(5),
                "carpd-notify caught up after SIGCONT");

        List<String> states = new ArrayList<>();
        for (String line : actions()) {
            String[] f = line.split(" ");
            assertEquals("0", f[0], "actions run as root: " + line);
            assertEquals(List.of("carp0", "1"), List.of(f[1], f[2]), line);
            assertTrue(line.endsWith("] " + CarpdNode.VIP4 + "/24 " + CarpdNode.VIP6 + "/64"), line);
            states.add(f[4]);
        }
        int first = states.indexOf("MASTER");
        assertTrue(first >= 0, "no MASTER action: " + actions());
        // in carpd's order: handover, stop (INIT), start (caught up on connect), forced master, stall
        assertEquals(List.of("MASTER", "BACKUP", "INIT", "BACKUP", "MASTER", "BACKUP", "MASTER", "BACKUP"),
                states.subList(first, states.size()), logs());
        assertTrue(actions().stream().anyMatch(l -> l.contains("[carpd-notify resync]")), logs());

        kill("TERM");
        assertTrue(notify.waitFor(10, TimeUnit.SECONDS), "carpd-notify stops on SIGTERM");
        assertEquals(0, notify.exitValue(), logs());
        assertFalse(Files.readString(notifyLog).contains("ERROR"), logs());
    }

    private int notifyLogCount(String text) {
        try {
            return (int) Files.readAllLines(notifyLog).stream().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void notifyUnitKeepsRootButIsHardened() throws Exception {
        // the figure the unit's header, carpd-notify(8) and the operator guide give
        assertEquals("3.5", UnitExposure.of("carpd-notify.service"));
        String text = Files.readString(Path.of("..", "systemd", "carpd-notify.service"));
        assertTrue(text.contains("\nNoNewPrivileges=yes\n") && !text.contains("\nUser="), text);
        assertFalse(text.matches("(?s).*CapabilityBoundingSet=[^\\n]*CAP_SYS_ADMIN.*"), "no CAP_SYS_ADMIN");
    }
}
