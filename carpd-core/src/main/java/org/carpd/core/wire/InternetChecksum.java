package org.carpd.core.wire;

/**
 * The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of
 * 16-bit big-endian words (an odd last byte is padded with zero). Used for the IPv4 header
 * and the CARP header.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /**
     * Returns the checksum of {@code length} bytes at {@code offset}, 0..0xffff, to be stored
     * big-endian in a checksum field that was zero while summing.
     */
    public static int compute(byte[] data, int offset, int length) {
        return ~onesComplementSum(data, offset, length) & 0xffff;
    }

    /** True if the region, checksum field included, sums to 0xffff (i.e. the checksum holds). */
    public static boolean verifies(byte[] data, int offset, int length) {
        return onesComplementSum(data, offset, length) == 0xffff;
    }

    private static int onesComplementSum(byte[] data, int offset, int length) {
        long sum = 0;
        int end = offset + (length & ~1);
        for (int i = offset; i < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if ((length & 1) != 0) {
            sum += (data[offset + length - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
