package org.carpd.cli.notify;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions in a directory, read again for every event, as run-parts(8) picks them: regular
 * files (symbolic links followed) whose names consist of ASCII letters, digits, underscores and
 * hyphens (so {@code foo.dpkg-old} and {@code foo~} are ignored), executable, in byte order of
 * their names. Since they run as root, a file (or the directory) that its owner does not alone
 * control is skipped with a warning: owned by another user than this process's, or group- or
 * world-writable.
 */
final class ScriptDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptDirectory.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Set<PosixFilePermission> OTHERS_WRITE =
            Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private final Path dir;
    private final String owner;

    /** @param owner the user the files must belong to (the one running them) */
    ScriptDirectory(Path dir, String owner) {
        this.dir = dir;
        this.owner = owner;
    }

    Path path() {
        return dir;
    }

    /** The scripts to run now, in order; empty (logged) if the directory cannot be used. */
    List<Path> scripts() {
        List<Path> out = new ArrayList<>();
        try {
            Optional<String> dirProblem = unsafe(dir);
            if (dirProblem.isPresent()) {
                LOG.warn("not running anything from {}: it {}", dir, dirProblem.get());
                return out;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (!NAME.matcher(name).matches() || !Files.isRegularFile(p) || !Files.isExecutable(p)) {
                        continue;
                    }
                    Optional<String> problem = unsafe(p);
                    if (problem.isPresent()) {
                        LOG.warn("skipping {}: it {}", p, problem.get());
                    } else {
                        out.add(p);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", dir, e.toString());
            return List.of();
        }
        out.sort(null); // Path order on Unix is the names' byte order
        return out;
    }

    private Optional<String> unsafe(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        if (!a.owner().getName().equals(owner)) {
            return Optional.of("belongs to " + a.owner().getName() + ", not " + owner);
        }
        if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            return Optional.of("is writable by its group or others");
        }
        return Optional.empty();
    }
}
