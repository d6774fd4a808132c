package org.carpd.cli.dist;

import static org.carpd.cli.testing.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Stream;

import org.carpd.cli.testing.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of the built tree: {@code mvn package} leaves lib/carpd.jsa, bin/carpd
 * starts from it, a tree whose jars changed starts without it and without a word, and
 * bin/carpd-cds builds a new one in place.
 */
class ClassDataArchiveIT {
    private static final Path DIST = Path.of(System.getProperty("carpd.dist.dir", "target/carpd"));
    private static final String FROM_ARCHIVE = "org.carpd.cli.CarpdMain source: shared objects file";

    @TempDir
    Path tmp;

    @Test
    void builtTreeStartsFromItsArchive() throws Exception {
        assertTrue(Files.isRegularFile(DIST.resolve("lib/carpd.jsa")), "mvn package builds lib/carpd.jsa");
        assertTrue(Files.isRegularFile(DIST.resolve("lib/carpd.classlist")));
        assertTrue(classLoading(DIST).contains(FROM_ARCHIVE), "bin/carpd should load its classes from lib/carpd.jsa");
    }

    @Test
    void changedTreeStartsQuietlyWithoutItThenCarpdCdsRebuildsIt() throws Exception {
        Path tree = tmp.resolve("carpd");
        copyTree(DIST, tree);
        Path jar;
        try (Stream<Path> s = Files.list(tree.resolve("lib"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("picocli-")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        CommandRun version = run(Map.of(), tree.resolve("bin/carpd").toString(), "--version");
        assertEquals(0, version.status(), version.err());
        assertTrue(version.out().startsWith("carpd 0."), version.out());
        assertEquals("", version.err(), "a stale archive is ignored without a word");
        assertFalse(classLoading(tree).contains(FROM_ARCHIVE), "the stale archive must not be used");

        CommandRun cds = run(Map.of("JAVA_HOME", System.getProperty("java.home")), tree.resolve("bin/carpd-cds").toString());
        assertEquals(0, cds.status(), cds.err());
        assertTrue(cds.out().contains("carpd-cds: wrote " + tree.resolve("lib/carpd.jsa")), cds.out());
        try (Stream<Path> s = Files.list(tree.resolve("lib"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("carpd.jsa")).count(), "no temporary file left");
        }
        assertTrue(classLoading(tree).contains(FROM_ARCHIVE), "the rebuilt archive is used");
    }

    private static String classLoading(Path tree) throws Exception {
        CommandRun r = run(Map.of("JAVA_OPTS", "-Xlog:class+load", "JAVA_HOME", System.getProperty("java.home")),
                tree.resolve("bin/carpd").toString(), "--version");
        assertEquals(0, r.status(), r.err());
        return r.out();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        CommandRun cp = run(Map.of(), "cp", "-a", from.toString(), to.toString());
        assertEquals(0, cp.status(), cp.err());
    }
}
