package org.carpd.cli.carp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carpd.core.engine.ReplayMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps replay protection across restarts: our advertisement counter (peers that enforce replay
 * protection reject a counter not above the highest they accepted) and each vhid's replay
 * high-water mark (so an advertisement captured before the restart is still rejected after it).
 * The counter starts at the wall clock in microseconds or, if the saved one is ahead of the
 * clock (the clock went back, or a peer's higher counter was adopted), above the saved one. Saved
 * every minute and on stop. The file: the counter on the first line, then per vhid one line
 * {@code mark CARPDEV VHID VALUE}, one {@code heard CARPDEV VHID VALUE OWNBYTE} (the highest counter
 * heard from other hosts, and the low byte of our counters, or -1) and one
 * {@code sender CARPDEV VHID ADDRESS proven|unproven} per
 * sender it knows.
 */
final class CounterStore {
    /**
     * Margin above a saved counter that is ahead of the clock: covers what a crashed run may
     * have sent after its last save (far less than 2^32 advertisements in a minute). When the
     * clock is ahead of the saved counter no margin is needed: the counter follows the clock.
     */
    static final long MARGIN = 1L << 32;
    private static final Logger LOG = LoggerFactory.getLogger(CounterStore.class);

    /** What an earlier run left: its counter and the vhids' replay memory, keyed {@code "CARPDEV VHID"}. */
    record Saved(long counter, Map<String, ReplayMemory> replay) {
        static final Saved NONE = new Saved(0, Map.of());
    }

    private final Path file;
    private final boolean enabled;
    /** Writes the bytes; tests replace it to fail as a full disk does. */
    ChannelWriter writer = (channel, bytes) -> channel.write(bytes);

    interface ChannelWriter {
        void write(FileChannel channel, ByteBuffer bytes) throws IOException;
    }

    /** Without {@code stateDir} (not created by systemd's StateDirectory=, say) nothing is kept. */
    CounterStore(Path stateDir) {
        this.file = stateDir.resolve("counter");
        this.enabled = Files.isDirectory(stateDir);
        if (!enabled) {
            LOG.warn("state directory {} does not exist: the advertisement counter and replay marks are not"
                    + " kept across restarts (peers with replay protection rely on the clock never going back)",
                    stateDir);
        }
    }

    /** What the last run saved; {@link Saved#NONE} if nothing (or something unreadable). */
    Saved load() {
        if (!enabled) {
            return Saved.NONE;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            long counter = Long.parseUnsignedLong(lines.get(0).trim());
            Map<String, Long> marks = new LinkedHashMap<>();
            Map<String, long[]> heard = new LinkedHashMap<>();
            Map<String, Map<InetAddress, Boolean>> senders = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] w = line.trim().split(" ");
                if (w.length == 4 && w[0].equals("mark")) {
                    marks.put(w[1] + " " + w[2], Long.parseUnsignedLong(w[3]));
                } else if (w.length == 5 && w[0].equals("heard")) {
                    heard.put(w[1] + " " + w[2], new long[] {Long.parseUnsignedLong(w[3]), Integer.parseInt(w[4])});
                } else if (w.length == 5 && w[0].equals("sender") && isAddressLiteral(w[3])) {
                    senders.computeIfAbsent(w[1] + " " + w[2], k -> new LinkedHashMap<>())
                            .put(InetAddress.getByName(w[3]), w[4].equals("proven"));
                }
            }
            Map<String, ReplayMemory> replay = new LinkedHashMap<>();
            marks.forEach((key, mark) -> {
                long[] h = heard.getOrDefault(key, new long[] {mark, -1});
                int ownByte = h[1] >= -1 && h[1] <= 255 ? (int) h[1] : -1;
                replay.put(key, new ReplayMemory(mark, h[0], ownByte, senders.getOrDefault(key, Map.of())));
            });
            return new Saved(counter, replay);
        } catch (NoSuchFileException e) {
            return Saved.NONE;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the saved advertisement counter {} ({}); starting from the clock", file,
                    e.getMessage());
            return Saved.NONE;
        }
    }

    /** An IP address literal (never a name: getByName must not look anything up). */
    private static boolean isAddressLiteral(String word) {
        return word.indexOf(':') >= 0 || word.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** The counter to start from, given the wall clock in microseconds. */
    long startingCounter(long wallClockMicros) {
        return startingCounter(load(), wallClockMicros);
    }

    static long startingCounter(Saved saved, long wallClockMicros) {
        if (saved == Saved.NONE || Long.compareUnsigned(saved.counter(), wallClockMicros) < 0) {
            return wallClockMicros;
        }
        LOG.info("the saved advertisement counter is ahead of the clock (a peer's counter was adopted, or the"
                + " clock went back); continuing above it");
        return saved.counter() + MARGIN;
    }

    /** Saves {@code counter} alone (no marks). */
    void save(long counter) {
        save(counter, Map.of());
    }

    /** Saves atomically; a failure is logged, not fatal (the clock still helps). */
    synchronized void save(long counter, Map<String, ReplayMemory> replay) {
        if (!enabled) {
            return;
        }
        StringBuilder text = new StringBuilder(Long.toUnsignedString(counter)).append('\n');
        replay.forEach((key, memory) -> {
            text.append("mark ").append(key).append(' ').append(Long.toUnsignedString(memory.mark())).append('\n');
            text.append("heard ").append(key).append(' ').append(Long.toUnsignedString(memory.heard())).append(' ')
                    .append(memory.ownByte()).append('\n');
            memory.senders().forEach((address, proven) -> text.append("sender ").append(key).append(' ')
                    .append(address.getHostAddress()).append(proven ? " proven\n" : " unproven\n"));
        });
        Path tmp = file.resolveSibling("counter.tmp");
        try {
            Files.deleteIfExists(tmp); // a leftover may have other modes: CREATE_NEW sets ours
            try (FileChannel out = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                writer.write(out, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
                out.force(true); // the file matters most after a power loss, when clocks are wrong
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("cannot save the advertisement counter in {}: {}", file, e.getMessage());
            try {
                Files.deleteIfExists(tmp); // e.g. a full disk: no half-written file left behind
            } catch (IOException again) {
                LOG.debug("cannot remove {}: {}", tmp, again.toString());
            }
        }
    }
}
