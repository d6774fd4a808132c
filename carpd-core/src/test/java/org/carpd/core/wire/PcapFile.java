package org.carpd.core.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the classic libpcap file format for the tests: reads both byte orders and
 * both timestamp resolutions, writes little-endian microsecond files.
 */
final class PcapFile {
    static final int LINKTYPE_ETHERNET = 1;
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;

    private PcapFile() {
    }

    /** The captured bytes of every packet; fails unless the link type is Ethernet. */
    static List<byte[]> readEthernet(InputStream in) {
        try {
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes());
            int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                b.order(ByteOrder.LITTLE_ENDIAN);
                magic = b.getInt(0);
                if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                    throw new IllegalArgumentException("not a classic pcap file");
                }
            }
            int linkType = b.getInt(20);
            if (linkType != LINKTYPE_ETHERNET) {
                throw new IllegalArgumentException("link type " + linkType + ", expected Ethernet");
            }
            List<byte[]> packets = new ArrayList<>();
            int p = 24;
            while (p < b.limit()) {
                int capturedLength = b.getInt(p + 8);
                byte[] packet = new byte[capturedLength];
                b.get(p + 16, packet);
                packets.add(packet);
                p += 16 + capturedLength;
            }
            return packets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeEthernet(Path file, List<byte[]> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(LINKTYPE_ETHERNET);
        out.write(header.array());
        int seconds = 1_700_000_000;
        for (byte[] frame : frames) {
            ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            record.putInt(seconds++).putInt(0).putInt(frame.length).putInt(frame.length);
            out.write(record.array());
            out.write(frame);
        }
        Files.write(file, out.toByteArray());
    }
}
