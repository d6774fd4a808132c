package org.carpd.cli.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The committed class list names carpd classes that exist: a renamed or removed class would drop
 * out of the class-data archive without a sound (carpd-cds only warns). The fix is to rerun
 * carpd-cli/src/test/bench/cds-classlist.sh.
 */
class ClassListTest {
    @Test
    void everyCarpdClassInTheListExists() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/main/cds/carpd.classlist"));
        List<String> missing = new ArrayList<>();
        int carpd = 0;
        for (String line : lines) {
            String name = line.split(" ", 2)[0];
            if (!name.startsWith("org/carpd/") || name.contains("$$Lambda")) {
                continue;
            }
            carpd++;
            try {
                Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                missing.add(name);
            }
        }
        assertTrue(carpd > 100, "the list should hold carpd's classes, found " + carpd);
        assertTrue(missing.isEmpty(), "classes in carpd.classlist that no longer exist (rerun cds-classlist.sh): " + missing);
    }
}
