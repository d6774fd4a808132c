package org.carpd.cli.track;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.carpd.core.config.TrackConfig;

/**
 * {@code track NAME file PATH}: reads an integer N from PATH every interval and holds N x weight
 * (cut to 0..255) of each group; N of 0 or less, or a missing file, holds nothing. A file that
 * cannot be read or holds no integer keeps the last value (and says so), so a writer caught
 * half-way does not lift a demotion. Only the first {@link #READ_LIMIT} bytes are read.
 */
final class FileTracker extends PeriodicTracker {
    static final int READ_LIMIT = 128;
    private long value;

    FileTracker(TrackConfig config, Demoter demoter, Clock clock) {
        super(config, demoter, clock);
    }

    private TrackConfig.File file() {
        return (TrackConfig.File) config().check();
    }

    @Override
    int intervalSeconds() {
        return file().interval();
    }

    @Override
    void checkOnce() {
        readOnce();
    }

    void readOnce() {
        Path path = Path.of(file().path());
        Long read;
        String problem = null;
        try (InputStream in = Files.newInputStream(path)) {
            String text = new String(in.readNBytes(READ_LIMIT), StandardCharsets.US_ASCII).strip();
            String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
            read = first.matches("[+-]?[0-9]{1,9}") ? Long.valueOf(first) : null;
            if (read == null) {
                problem = "holds no integer";
            }
        } catch (NoSuchFileException e) {
            read = 0L;
        } catch (IOException e) {
            read = null;
            problem = "cannot be read (" + e.getClass().getSimpleName() + ")";
        }
        reading(read, problem, !Files.exists(path));
    }

    /** A reading: the value, or null with the problem; {@code missing} if the file is absent. */
    synchronized void reading(Long read, String problem, boolean missing) {
        if (isClosed()) {
            return;
        }
        if (read == null) {
            counted(state == TrackState.FAILED, "file " + problem + "; keeping value " + value, 1);
            return;
        }
        String what = missing ? "file missing, value 0" : "value " + read;
        boolean changed = read != value || state == TrackState.UNKNOWN;
        long before = value;
        value = read;
        TrackState next = read > 0 ? TrackState.FAILED : TrackState.OK;
        counted(read > 0, what, changed ? 1 : streak + 1);
        if (changed) {
            settle(next, state == TrackState.UNKNOWN ? "first reading" : "changed", what
                    + (state == TrackState.UNKNOWN ? "" : ", was " + before));
        }
    }

    @Override
    String kind() {
        return "file";
    }

    @Override
    String target() {
        return file().path();
    }

    @Override
    Map<String, Integer> shares(TrackConfig c) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (value > 0) {
            c.demote().forEach((group, weight) -> out.put(group, (int) Math.min(255, value * weight)));
        }
        return out;
    }
}
