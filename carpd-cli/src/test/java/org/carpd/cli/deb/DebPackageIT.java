package org.carpd.cli.deb;

import static org.carpd.cli.testing.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.carpd.cli.testing.CommandRun;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspects the .deb built by {@code mvn package} (target/carpd_VERSION_all.deb) with dpkg-deb:
 * control fields, conffiles, maintainer scripts, file list with modes and owners, and the
 * extracted tree (launchers through the /usr/sbin and /usr/bin symlinks, man pages, bash
 * completion). Nothing is installed: the package is only unpacked into a temporary directory.
 */
class DebPackageIT {
    private static final Path DEB = Path.of(System.getProperty("carpd.deb.file", "missing.deb"));
    private static final Path REPO = Path.of("..");

    @TempDir
    Path tmp;


    /** One line of {@code dpkg-deb -c}: mode string, owner/group, and the link target if any. */
    record Entry(String mode, String owner, String linkTarget) {
    }

    @BeforeAll
    static void needsDpkgDeb() {
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed: cannot inspect the .deb");
        assertTrue(Files.isRegularFile(DEB), DEB + " should have been built by mvn package");
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }


    private static String ok(String... cmd) throws Exception {
        CommandRun r = run(Map.of(), cmd);
        assertEquals(0, r.status(), String.join(" ", cmd) + ": " + r.err());
        return r.out();
    }

    private static String field(String name) throws Exception {
        return ok("dpkg-deb", "-f", DEB.toString(), name).strip();
    }

    /** Path (without the leading ".") to entry, from {@code dpkg-deb -c}. */
    private static Map<String, Entry> contents() throws Exception {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : ok("dpkg-deb", "-c", DEB.toString()).split("\n")) {
            // drwxr-xr-x root/root  0 2026-01-01 00:00 ./usr/lib/carpd/   or   ... ./a -> b
            String[] f = line.trim().split("\\s+", 6);
            String name = f[5];
            String target = null;
            int arrow = name.indexOf(" -> ");
            if (arrow >= 0) {
                target = name.substring(arrow + 4);
                name = name.substring(0, arrow);
            }
            name = name.startsWith("./") ? name.substring(1) : name;
            if (name.length() > 1 && name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            entries.put(name, new Entry(f[0], f[1], target));
        }
        return entries;
    }

    @Test
    void controlFieldsDependOnJava17Only() throws Exception {
        assertEquals("carpd", field("Package"));
        assertEquals("all", field("Architecture"));
        assertEquals("net", field("Section"));
        assertEquals("default-jre-headless (>= 2:1.17) | java17-runtime-headless", field("Depends"));
        assertTrue(field("Version").matches("[0-9][0-9.]*(~[A-Za-z0-9.]+)?"), field("Version"));
        assertFalse(field("Description").isBlank());
        assertFalse(field("Maintainer").isBlank());
    }

    @Test
    void configurationIsTheOnlyConffileAndScriptsAreSound() throws Exception {
        Path control = tmp.resolve("DEBIAN");
        ok("dpkg-deb", "-e", DEB.toString(), control.toString());
        assertEquals(List.of("/etc/carpd/carpd.conf"), Files.readAllLines(control.resolve("conffiles")));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path p = control.resolve(script);
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), script);
            assertEquals(0, run(Map.of(), "sh", "-n", p.toString()).status(), script + " parses");
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system") && postinst.contains("useradd --system"), postinst);
        assertTrue(postinst.contains("chown root:carpd /etc/carpd/carpd.conf")
                && postinst.contains("chmod 0640 /etc/carpd/carpd.conf"), postinst);
        // Operators configure first: the package must not enable or start the service.
        assertFalse(postinst.matches("(?s).*systemctl (--now )?(enable|start).*"), postinst);
        assertTrue(Files.readString(control.resolve("prerm")).contains("stop carpd-notify.service carpd.service"));
        // the class-data archive: built for the installed JVM on configure, removed before dpkg removes lib/
        assertTrue(postinst.contains("/usr/lib/carpd/bin/carpd-cds >/dev/null ||"), postinst);
        assertTrue(Files.readString(control.resolve("prerm")).contains("rm -f /usr/lib/carpd/lib/carpd.jsa"));
    }

    @Test
    void filesHaveTheirPlacesModesAndOwners() throws Exception {
        Map<String, Entry> files = contents();
        for (String bin : List.of("bin/carpd", "bin/carpctl", "bin/carpd-notify", "bin/carpd-cds", "notify/conntrackd")) {
            assertEquals("-rwxr-xr-x", mode(files, "/usr/lib/carpd/" + bin));
        }
        assertEquals("-rw-r--r--", mode(files, "/usr/lib/carpd/lib/carpd.classlist"));
        assertFalse(files.containsKey("/usr/lib/carpd/lib/carpd.jsa"), "the archive is built on install, for that JVM");
        assertEquals("drwxr-xr-x", mode(files, "/etc/carpd/notify.d"));
        assertFalse(files.keySet().stream().anyMatch(f -> f.contains("demo")), "no demo in the package: " + files.keySet());
        assertEquals("../lib/carpd/bin/carpd", link(files, "/usr/sbin/carpd"));
        assertEquals("../lib/carpd/bin/carpd-notify", link(files, "/usr/sbin/carpd-notify"));
        assertEquals("../lib/carpd/bin/carpctl", link(files, "/usr/bin/carpctl"));
        assertEquals("-rw-r-----", mode(files, "/etc/carpd/carpd.conf"));
        for (String f : List.of("/lib/systemd/system/carpd.service", "/lib/systemd/system/carpd-notify.service",
                "/usr/share/man/man8/carpd.8.gz", "/usr/share/man/man8/carpd-notify.8.gz",
                "/usr/share/man/man8/carpctl.8.gz", "/usr/share/man/man5/carpd.conf.5.gz",
                "/usr/share/bash-completion/completions/carpctl", "/usr/share/bash-completion/completions/carpd",
                "/usr/share/doc/carpd/copyright", "/usr/share/doc/carpd/changelog.gz")) {
            assertEquals("-rw-r--r--", mode(files, f));
        }
        List<String> jars = new ArrayList<>();
        files.forEach((name, e) -> {
            assertEquals("root/root", e.owner(), name);
            if (name.startsWith("/usr/lib/carpd/lib/")) {
                jars.add(name.substring("/usr/lib/carpd/lib/".length()));
                assertEquals("-rw-r--r--", e.mode(), name);
            }
        });
        for (String prefix : List.of("carpd-cli-", "carpd-net-", "carpd-core-", "picocli-", "logback-classic-",
                "slf4j-api-", "jffi-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix) && j.endsWith(".jar")), prefix + " in " + jars);
        }
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("junit") || j.startsWith("src-test-fixtures")), jars.toString());
        // Nothing outside the Debian places the issue lists (e.g. no stray /usr/lib/carpd/etc).
        for (String name : files.keySet()) {
            assertTrue(Stream.of("/usr/lib/carpd", "/usr/sbin", "/usr/bin", "/lib/systemd/system", "/etc/carpd",
                            "/usr/share/man/man5", "/usr/share/man/man8", "/usr/share/bash-completion/completions",
                            "/usr/share/doc/carpd").anyMatch(place -> name.startsWith(place + "/") || name.equals(place)
                            || place.startsWith(name + "/") || name.equals("/")) && !name.startsWith("/usr/lib/carpd/etc")
                            && !name.startsWith("/usr/lib/carpd/systemd"), name);
        }
    }

    private static String mode(Map<String, Entry> files, String name) {
        Entry e = files.get(name);
        assertNotNull(e, name + " in the package: " + files.keySet());
        return e.mode();
    }

    private static String link(Map<String, Entry> files, String name) {
        Entry e = files.get(name);
        assertNotNull(e, name + " in the package: " + files.keySet());
        assertTrue(e.mode().startsWith("l"), name + " is a symlink");
        return e.linkTarget();
    }

    @Test
    void unpackedTreeRunsThroughItsSymlinksAndShipsTheRepositoryFiles() throws Exception {
        Path root = tmp.resolve("root");
        ok("dpkg-deb", "-x", DEB.toString(), root.toString());
        String version = field("Version").replace('~', '-'); // 0.1.0~SNAPSHOT is Maven's 0.1.0-SNAPSHOT
        for (String launcher : List.of("usr/sbin/carpd", "usr/bin/carpctl", "usr/sbin/carpd-notify")) {
            CommandRun r = run(Map.of(), root.resolve(launcher).toString(), "--version");
            assertEquals(0, r.status(), launcher + ": " + r.err());
            assertEquals(Path.of(launcher).getFileName() + " " + version, r.out().strip());
        }
        // what postinst runs, then the launcher (through its symlink) starting from that archive
        Map<String, String> jvm = Map.of("JAVA_HOME", System.getProperty("java.home"));
        CommandRun cds = run(jvm, root.resolve("usr/lib/carpd/bin/carpd-cds").toString());
        assertEquals(0, cds.status(), cds.err());
        CommandRun loads = run(Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "-Xlog:class+load"),
                root.resolve("usr/sbin/carpd").toString(), "--version");
        assertTrue(loads.out().contains("org.carpd.cli.CarpdMain source: shared objects file"), loads.out());
        for (String unit : List.of("carpd.service", "carpd-notify.service")) {
            assertEquals(Files.readString(REPO.resolve("systemd/" + unit)),
                    Files.readString(root.resolve("lib/systemd/system/" + unit)));
        }
        assertEquals(Files.readString(REPO.resolve("etc/carpd.conf")), Files.readString(root.resolve("etc/carpd/carpd.conf")));
        String copyright = Files.readString(root.resolve("usr/share/doc/carpd/copyright"));
        assertTrue(copyright.contains("License: ISC"), copyright);
        for (String line : Files.readAllLines(REPO.resolve("LICENSE"))) {
            assertTrue(copyright.contains("\n " + (line.isEmpty() ? "." : line) + "\n"), "LICENSE line: " + line);
        }
        for (String page : List.of("man8/carpd.8", "man8/carpctl.8", "man8/carpd-notify.8", "man5/carpd.conf.5")) {
            Path gz = root.resolve("usr/share/man/" + page + ".gz");
            String name = Path.of(page).getFileName().toString();
            assertEquals(Files.readString(Path.of("src/main/man", name)), gunzip(gz), page);
            if (onPath("man")) {
                CommandRun man = run(Map.of("MANWIDTH", "80", "LC_ALL", "C.UTF-8"), "man", "--warnings", "-l", gz.toString());
                assertEquals(0, man.status(), man.err());
                assertEquals("", man.err(), page + " renders without warnings");
                assertTrue(man.out().contains("SYNOPSIS"), man.out());
            }
        }
    }

    /** An operator who uncomments nothing must not get hooks that the package does not have. */
    @Test
    void everyHookTheExampleConfigurationNamesIsShipped() throws Exception {
        Path root = tmp.resolve("root");
        ok("dpkg-deb", "-x", DEB.toString(), root.toString());
        Path example = root.resolve("etc/carpd/carpd.conf");
        CarpdConfig config = ConfigParser.parse(example.toString(), Files.readString(example));
        List<String> hooks = new ArrayList<>();
        Stream.concat(Stream.of(config.global().hooks()), config.interfaces().stream().map(c -> c.hooks()))
                .forEach(h -> Stream.of(h.onMaster(), h.onBackup(), h.onInit()).flatMap(Optional::stream).forEach(hooks::add));
        for (String hook : hooks) {
            Path shipped = root.resolve(hook.substring(1));
            assertTrue(Files.isRegularFile(shipped) && Files.isExecutable(shipped),
                    "the example names hook " + hook + ", which the package does not ship");
        }
    }

    private static String gunzip(Path gz) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Debian's package checker finds no error (its warnings are deliberate choices, e.g. conffile mode 0640). */
    @Test
    void lintianReportsNoErrors() throws Exception {
        assumeTrue(onPath("lintian"), "lintian is not installed");
        CommandRun r = run(Map.of(), "lintian", DEB.toString());
        List<String> errors = r.out().lines().filter(l -> l.startsWith("E: ")).toList();
        assertEquals(List.of(), errors, r.out() + r.err());
        assertFalse(r.err().contains("internal error"), r.err());
    }

    /** The packaged completion against a stand-in carpctl that prints a status listing. */
    @Test
    void bashCompletionOffersCommandsWordsAndInterfacesFromTheDaemon() throws Exception {
        assumeTrue(onPath("bash"), "bash is not installed");
        Path root = tmp.resolve("root");
        ok("dpkg-deb", "-x", DEB.toString(), root.toString());
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path fake = bin.resolve("carpctl");
        Files.writeString(fake, """
                #!/bin/sh
                case "$*" in
                *status) printf 'carp0: flags=<UP,RUNNING> carpdev eth0\\n\\tcarp: MASTER vhid 1 advbase 1 advskew 0 demote 0\\n\\tinet 198.51.100.1/24\\ncarp7: flags=<UP> carpdev eth1\\n\\tcarp: INIT vhid 7 advbase 1 advskew 0 demote 0\\n' ;;
                *show-config) echo 'carp0 carpdev eth0 vhid 1 group services group dmz' ;;
                esac
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = tmp.resolve("complete.sh");
        Files.writeString(script, ". " + root.resolve("usr/share/bash-completion/completions/carpctl") + "\n" + """
                c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _carpctl; echo "${COMPREPLY[*]}"; }
                c carpctl ''
                c carpctl carp0 ''
                c carpctl carp0 state ''
                c carpctl set replay ''
                c carpctl -g ''
                c carpctl -s /run/x stats ''
                c carpctl set ''
                c carpctl set metrics ''
                c carpctl reload ''
                """);
        List<String> lines = run(Map.of("PATH", bin + ":/usr/bin:/bin"), "bash", "--norc", script.toString()).out().lines().toList();
        assertEquals(List.of("status stats show-config watch decode set track reload maintenance sync carp0 carp7",
                "carpdev vhid carpnodes balancing advbase advskew pass-file -pass group -group up down delete lladdr"
                        + " on-master on-backup on-init -on-master -on-backup -on-init state destroy",
                "master backup", "strict auto off", "carp services dmz", "-z",
                "preempt replay announce-repeat on-master on-backup on-init -on-master -on-backup -on-init metrics rt-priority sync-demote",
                "127.0.0.1:9512 off", ""), lines);
        // No daemon (no carpctl answering): commands only, and not a word on stderr.
        CommandRun quiet = run(Map.of("PATH", "/usr/bin:/bin"), "bash", "--norc", script.toString());
        assertEquals("", quiet.err());
        assertEquals("status stats show-config watch decode set track reload maintenance sync", quiet.out().lines().findFirst().orElseThrow());

        Path carpd = tmp.resolve("complete-carpd.sh");
        Files.writeString(carpd, ". " + root.resolve("usr/share/bash-completion/completions/carpd") + "\n" + """
                c() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _carpd; echo "${COMPREPLY[*]}"; }
                c carpd ''
                c carpd --s
                """);
        assertEquals(List.of("-c --config --check --foreground --socket --control-group --state-dir -h --help -V --version",
                "--socket --state-dir"), run(Map.of(), "bash", "--norc", carpd.toString()).out().lines().toList());
    }

    /**
     * Installs the package for real, but into an overlay of / in a private mount namespace (see
     * install-in-overlay.sh): the maintainer scripts create the user and fix permissions, remove
     * keeps the conffile, purge removes it and keeps the user; maintenance mode
     * (/var/lib/carpd/maintenance) survives a reinstall (an upgrade's maintainer scripts) and a
     * removal, and only a purge deletes it. Root only.
     */
    @Test
    void maintainerScriptsWorkInAThrowawayRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (mount namespace, dpkg)");
        assumeTrue(onPath("unshare") && onPath("dpkg") && onPath("chroot"), "needs unshare, chroot and dpkg");
        Path script = tmp.resolve("install-in-overlay.sh");
        try (var in = DebPackageIT.class.getResourceAsStream("install-in-overlay.sh")) {
            Files.write(script, in.readAllBytes());
        }
        CommandRun r = run(Map.of(), "unshare", "-m", "sh", script.toString(), DEB.toAbsolutePath().toString());
        assumeTrue(r.status() != 77, "no overlayfs here: " + r.err());
        assertEquals(0, r.status(), r.out() + r.err());
        String version = field("Version").replace('~', '-');
        assertEquals(List.of("user carpd:/nonexistent:/usr/sbin/nologin", "group carpd", "etc 750 root:carpd",
                "conf 640 root:carpd", "carpctl carpctl " + version, "reinstalled conf 640 root:carpd",
                "reinstalled maintenance on since 2026-12-02T15:00:00Z", "removed conf kept bin gone maintenance kept",
                "purged etc gone user kept state gone"), r.out().lines().toList(), r.err());
    }
}
