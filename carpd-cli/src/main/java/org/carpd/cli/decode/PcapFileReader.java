package org.carpd.cli.decode;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads classic libpcap files (microsecond or nanosecond timestamps, either byte order) with
 * Ethernet link type. Pure Java, so decoding a file needs no libpcap (pcapng is not supported:
 * convert with {@code editcap -F pcap}).
 */
public final class PcapFileReader implements Closeable {
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int MAX_RECORD = 1 << 18;

    private final Path file;
    private final DataInputStream in;
    private final ByteOrder order;
    private final boolean nanos;
    private long count;

    private PcapFileReader(Path file, DataInputStream in, ByteOrder order, boolean nanos) {
        this.file = file;
        this.in = in;
        this.order = order;
        this.nanos = nanos;
    }

    /** Opens {@code file} and checks its header. */
    public static PcapFileReader open(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
        try {
            byte[] header = new byte[24];
            try {
                in.readFully(header);
            } catch (EOFException e) {
                throw new IOException(file + ": too short for a pcap file");
            }
            ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
            int magic = b.getInt(0);
            ByteOrder order = ByteOrder.BIG_ENDIAN;
            if (Integer.reverseBytes(magic) == MAGIC_MICROS || Integer.reverseBytes(magic) == MAGIC_NANOS) {
                order = ByteOrder.LITTLE_ENDIAN;
                magic = Integer.reverseBytes(magic);
            }
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                throw new IOException(file + ": not a classic pcap file (pcapng? convert with: editcap -F pcap IN OUT)");
            }
            int linkType = b.order(order).getInt(20) & 0x0fffffff;
            if (linkType != LINKTYPE_ETHERNET) {
                throw new IOException(file + ": link type " + linkType + " is not Ethernet (capture on the"
                        + " interface itself, not on 'any')");
            }
            return new PcapFileReader(file, in, order, magic == MAGIC_NANOS);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The next frame, or empty at the end of the file.
     *
     * @throws IOException naming the file and the record if the file is corrupt or cut short
     */
    public Optional<CapturedFrame> next() throws IOException {
        byte[] rec = new byte[16];
        int first = in.read();
        if (first < 0) {
            return Optional.empty();
        }
        rec[0] = (byte) first;
        readFully(rec, 1, 15, "header");
        ByteBuffer b = ByteBuffer.wrap(rec).order(order);
        long seconds = Integer.toUnsignedLong(b.getInt(0));
        long fraction = Integer.toUnsignedLong(b.getInt(4));
        int captured = b.getInt(8);
        if (captured < 0 || captured > MAX_RECORD) {
            throw new IOException(file + ": pcap record " + (count + 1) + " claims " + Integer.toUnsignedString(captured)
                    + " bytes: file is corrupt");
        }
        byte[] data = new byte[captured];
        readFully(data, 0, captured, "data (" + captured + " bytes)");
        Instant time = Instant.ofEpochSecond(seconds, nanos ? fraction : fraction * 1000);
        return Optional.of(new CapturedFrame(++count, time, data));
    }

    private void readFully(byte[] buf, int offset, int length, String what) throws IOException {
        try {
            in.readFully(buf, offset, length);
        } catch (EOFException e) {
            throw new IOException(file + ": pcap record " + (count + 1) + " is cut short in its " + what
                    + " (the capture was truncated; " + count + " complete records before it)", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
