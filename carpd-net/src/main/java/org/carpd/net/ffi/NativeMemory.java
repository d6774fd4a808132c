package org.carpd.net.ffi;

import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Platform;
import java.lang.ref.Cleaner;

/**
 * A block of native memory, zeroed, freed when closed or, failing that, when unreachable. For
 * what C keeps a pointer to or fills in place (a socket filter program, a receive buffer).
 * Offsets are not checked beyond {@link #size()}: callers write structures they laid out.
 */
public final class NativeMemory implements AutoCloseable {
    /** Bytes of a pointer on this platform. */
    public static final int ADDRESS_SIZE = Platform.getPlatform().addressSize() / 8;
    private static final MemoryIO IO = MemoryIO.getInstance();
    private static final Cleaner CLEANER = Cleaner.create();

    private final long address;
    private final int size;
    private final Cleaner.Cleanable cleanable;

    /** Allocates {@code size} zeroed bytes. */
    public NativeMemory(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size " + size);
        }
        long a = IO.allocateMemory(size, true);
        if (a == 0) {
            throw new OutOfMemoryError("native memory: " + size + " bytes");
        }
        this.address = a;
        this.size = size;
        this.cleanable = CLEANER.register(this, () -> IO.freeMemory(a));
    }

    /** The address, for a call. Keep this object reachable for as long as C may use it. */
    public long address() {
        return address;
    }

    public int size() {
        return size;
    }

    private long at(long offset, int bytes) {
        if (offset < 0 || offset + bytes > size) {
            throw new IndexOutOfBoundsException(offset + "+" + bytes + " outside " + size + " bytes");
        }
        return address + offset;
    }

    public void putByte(long offset, int value) {
        IO.putByte(at(offset, 1), (byte) value);
    }

    public void putShort(long offset, int value) {
        IO.putShort(at(offset, 2), (short) value);
    }

    public void putInt(long offset, int value) {
        IO.putInt(at(offset, 4), value);
    }

    public void putAddress(long offset, long value) {
        IO.putAddress(at(offset, ADDRESS_SIZE), value);
    }

    /** Copies {@code length} bytes from the start of this block into {@code dst}. */
    public void get(byte[] dst, int length) {
        IO.getByteArray(at(0, length), dst, 0, length);
    }

    /** Reads an int at {@code address} (memory C owns, e.g. a struct a lookup returned). */
    public static int intAt(long address) {
        return IO.getInt(address);
    }

    /** Reads a pointer at {@code address} (memory C owns). */
    public static long addressAt(long address) {
        return IO.getAddress(address);
    }

    @Override
    public void close() {
        cleanable.clean();
    }
}
