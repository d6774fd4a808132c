package org.carpd.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@code set rt-priority}: the protocol thread and the JVM's VM Thread (at the priority), the
 * capture threads (two below) and every other thread (one below), there at start or started later, run
 * SCHED_RR, read from {@code /proc/PID/task/TID/stat}, and hooks do not; 0 leaves them alone; without the
 * privilege (nobody, no RLIMIT_RTPRIO) carpd says so in one info line and works as before.
 */
class RealtimeSchedulingIT extends TwoNodeLabTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_RR = 2;

    /** One thread of a process, from /proc/PID/task/TID/stat. */
    record Task(String name, int policy, int priority) {
    }

    /** Every thread of {@code pid}. */
    static List<Task> threads(long pid) throws IOException {
        List<Task> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks.toList()) {
                String stat = Files.readString(t.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields from 3 (state) on: rt_priority is field 40, policy field 41
                out.add(new Task(name, Integer.parseInt(f[41 - 3]), Integer.parseInt(f[40 - 3])));
            }
        }
        return out;
    }

    /** Thread name -> {policy, rt_priority}, the first thread of each name (names are cut to 15 characters). */
    static Map<String, int[]> scheduling(List<Task> threads) {
        Map<String, int[]> out = new TreeMap<>();
        threads.forEach(t -> out.putIfAbsent(t.name(), new int[] {t.policy(), t.priority()}));
        return out;
    }

    private static String describe(Map<String, int[]> s) {
        StringBuilder b = new StringBuilder();
        s.forEach((k, v) -> b.append(k).append(": policy ").append(v[0]).append(" prio ").append(v[1]).append('\n'));
        return b.toString();
    }

    @Test
    void packetPathThreadsRunRoundRobinAtTheDefaultPriority() throws Exception {
        createLab();
        Path hook = n1.dir().resolve("on-master.sh");
        Path hookSched = n1.dir().resolve("hook-sched");
        Files.writeString(hook, "#!/bin/sh\n/usr/bin/chrt -p $$ > " + hookSched + "\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        n1.writeConfig("set metrics 127.0.0.1:9512\n"
                + CarpdNode.carp0(1, 0, n1.writeKey("lab-secret"), "on-master", hook.toString()));
        n2.writeConfig("set rt-priority 0\n" + CarpdNode.carp0(1, 100, n2.writeKey("lab-secret")));
        n1.start();
        n2.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        n2.awaitState("BACKUP", Duration.ofSeconds(5));

        List<Task> t1 = threads(n1.process().pid());
        Map<String, int[]> s1 = scheduling(t1);
        String why = describe(s1);
        assertEquals(SCHED_RR, s1.get("carpd-protocol")[0], why);
        assertEquals(10, s1.get("carpd-protocol")[1], why);
        assertEquals(SCHED_RR, s1.get("carpd-rx-eth0")[0], why);
        assertEquals(8, s1.get("carpd-rx-eth0")[1], why);
        assertEquals(SCHED_RR, s1.get("VM Thread")[0], why); // the serial collector runs there
        assertEquals(10, s1.get("VM Thread")[1], why);
        // every other thread there at start (names cut to 15 characters), between the two;
        // the JIT's compiler threads all exist from the start (the launcher's fixed number of them)
        for (String other : new String[] {"C1 CompilerThre", "Service Thread", "carpd-netlink", "carpd-log-summa",
                "carpd-control-a"}) {
            assertEquals(SCHED_RR, s1.get(other)[0], other + "\n" + why);
            assertEquals(9, s1.get(other)[1], other + "\n" + why);
        }
        assertTrue(t1.stream().filter(t -> t.name().startsWith("C1 CompilerThre")).allMatch(t -> t.policy() == SCHED_RR), why);
        t1.forEach(t -> {
            if (!t.name().equals("carpd-protocol") && !t.name().equals("carpd-rx-eth0") && !t.name().equals("VM Thread")) {
                assertTrue(t.priority() <= 9, t.name() + " must not run above priority 9\n" + why);
            }
        });
        assertTrue(n1.log().contains("real-time scheduling: SCHED_RR priority 10 for the protocol thread and the JVM's collector, 8 for the capture threads"),
                n1.log());
        assertTrue(n1.log().contains("real-time scheduling: SCHED_RR priority 9 for the "), n1.log());
        // a hook (a process of its own) never inherits a real-time policy
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((!Files.isRegularFile(hookSched) || Files.size(hookSched) == 0) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        String hookPolicy = Files.readString(hookSched);
        assertTrue(hookPolicy.contains("SCHED_OTHER"), hookPolicy);
        // threads started after the start (the hook's runner, the metrics server's on the first
        // scrape, a control connection's) move themselves to 9 as well; only the JDK's process
        // reaper (blocked in waitpid, which holds up no safepoint) keeps normal scheduling
        assertTrue(n1.host().exec("curl", "-s", "-m", "3", "http://127.0.0.1:9512/metrics").output()
                .contains("carpd_vhid_state"));
        n1.ctl().requireSuccess();
        List<Task> laterThreads = threads(n1.process().pid());
        Map<String, int[]> later = scheduling(laterThreads);
        String laterWhy = describe(later);
        for (String started : new String[] {"carpd-hooks", "carpd-metrics"}) {
            assertEquals(SCHED_RR, later.get(started)[0], started + "\n" + laterWhy);
            assertEquals(9, later.get(started)[1], started + "\n" + laterWhy);
        }
        laterThreads.forEach(t -> assertTrue(t.policy() == SCHED_RR || t.name().equals("process reaper"),
                t.name() + " runs SCHED_RR\n" + laterWhy));

        List<Task> t2 = threads(n2.process().pid());
        t2.forEach(t -> assertEquals(SCHED_OTHER, t.policy(), "rt-priority 0: " + t.name() + "\n" + describe(scheduling(t2))));
        assertFalse(n2.log().contains("real-time scheduling"), n2.log());
    }

    @Test
    void withoutThePrivilegeOneInfoLineAndNormalScheduling() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "setpriv (util-linux) not installed");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        createLab();
        n1.runAsNobody();
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("lab-secret")));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        List<Task> t1 = threads(n1.process().pid());
        t1.forEach(t -> assertEquals(SCHED_OTHER, t.policy(), t.name() + "\n" + describe(scheduling(t1))));
        String log = n1.log();
        assertEquals(1, log.lines().filter(l -> l.contains("real-time scheduling (rt-priority 10) unavailable")).count(), log);
        assertTrue(log.lines().filter(l -> l.contains("rt-priority 10) unavailable")).allMatch(l -> l.contains(" INFO ")), log);
    }

    /** The unit's way: an unprivileged carpd with LimitRTPRIO=10 (here prlimit) gets SCHED_RR 10. */
    @Test
    void unprivilegedWithAnRtprioLimitGetsRoundRobin() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) || Files.isExecutable(Path.of("/bin/setpriv")),
                "setpriv (util-linux) not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "prlimit (util-linux) not installed");
        Process probe = new ProcessBuilder("prlimit", "--rtprio=10", "--", "true").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor() == 0, "this machine cannot raise RLIMIT_RTPRIO (hard limit, no CAP_SYS_RESOURCE): "
                + new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        createLab();
        n1.runAsNobody(java.util.List.of("prlimit", "--rtprio=10", "--"));
        n1.writeConfig(CarpdNode.carp0(1, 0, n1.writeKey("lab-secret")));
        n1.start();
        n1.awaitState("MASTER", Duration.ofSeconds(15));
        Map<String, int[]> s1 = scheduling(threads(n1.process().pid()));
        assertEquals(SCHED_RR, s1.get("carpd-protocol")[0], describe(s1));
        assertEquals(SCHED_RR, s1.get("carpd-rx-eth0")[0], describe(s1));
        assertFalse(n1.log().contains("unavailable"), n1.log());
    }
}
