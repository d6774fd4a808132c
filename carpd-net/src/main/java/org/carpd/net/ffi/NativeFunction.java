package org.carpd.net.ffi;

import com.kenai.jffi.ArrayFlags;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Function;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.charset.StandardCharsets;

/**
 * One C function, bound by name with its return and parameter types, called through jffi's
 * generic path ({@link Call}: arguments put one by one, arrays copied in and, if the C side
 * writes them, back out). Each binding saves errno, read with {@link #errno()} on the calling
 * thread right after the call.
 */
public final class NativeFunction {
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final MemoryIO MEMORY = MemoryIO.getInstance();

    /** C int. */
    public static final Type INT = Type.SINT;
    /** C long, ssize_t. */
    public static final Type LONG = Type.SLONG;
    /** size_t, unsigned long. */
    public static final Type SIZE = Type.ULONG;
    /** Any pointer (an array or a native address). */
    public static final Type POINTER = Type.POINTER;
    /** No return value. */
    public static final Type VOID = Type.VOID;

    private final Function function;

    private NativeFunction(Function function) {
        this.function = function;
    }

    /**
     * Binds {@code symbol} in {@code library} (a path or soname; null for the symbols already in
     * the process, libc's among them).
     *
     * @throws UnsatisfiedLinkError naming the library or symbol when either cannot be found
     */
    public static NativeFunction bind(String library, String symbol, Type returns, Type... parameters) {
        Library lib = library == null ? Library.getDefault()
                : Library.getCachedInstance(library, Library.LAZY | Library.GLOBAL);
        if (lib == null) {
            throw new UnsatisfiedLinkError("cannot load " + library + ": " + Library.getLastError());
        }
        long address = lib.getSymbolAddress(symbol);
        if (address == 0) {
            throw new UnsatisfiedLinkError("no symbol " + symbol + " in " + (library == null ? "the process" : library));
        }
        return new NativeFunction(new Function(address, returns, parameters, CallingConvention.DEFAULT, true));
    }

    /** A new call: put each argument in order, then invoke. */
    public Call call() {
        return new Call(function);
    }

    /** errno after the last call on this thread. */
    public static int errno() {
        return LastError.getInstance().get();
    }

    /** The NUL-terminated string at {@code address}, or null for address 0. */
    public static String string(long address) {
        return address == 0 ? null : new String(MEMORY.getZeroTerminatedByteArray(address), StandardCharsets.UTF_8);
    }

    /** The arguments of one call. */
    public static final class Call {
        private final Function function;
        private final HeapInvocationBuffer buffer;

        private Call(Function function) {
            this.function = function;
            this.buffer = new HeapInvocationBuffer(function);
        }

        /** An int argument. */
        public Call i(int value) {
            buffer.putInt(value);
            return this;
        }

        /** A long or size_t argument. */
        public Call l(long value) {
            buffer.putLong(value);
            return this;
        }

        /** An address argument. */
        public Call address(long address) {
            buffer.putAddress(address);
            return this;
        }

        /** A pointer to a copy of {@code array} that the C side only reads. */
        public Call in(byte[] array) {
            buffer.putArray(array, 0, array.length, ArrayFlags.IN);
            return this;
        }

        /** A pointer to a copy of {@code array} that the C side only writes, copied back. */
        public Call out(byte[] array) {
            buffer.putArray(array, 0, array.length, ArrayFlags.OUT);
            return this;
        }

        /** A pointer to a copy of {@code array} that the C side reads and writes, copied back. */
        public Call inOut(byte[] array) {
            buffer.putArray(array, 0, array.length, ArrayFlags.IN | ArrayFlags.OUT);
            return this;
        }

        /** A pointer to a copy of {@code array} that the C side only reads. */
        public Call in(int[] array) {
            buffer.putArray(array, 0, array.length, ArrayFlags.IN);
            return this;
        }

        /** A pointer to a copy of {@code array} that the C side reads and writes, copied back. */
        public Call inOut(int[] array) {
            buffer.putArray(array, 0, array.length, ArrayFlags.IN | ArrayFlags.OUT);
            return this;
        }

        /** A NUL-terminated UTF-8 copy of {@code text}, read only. */
        public Call string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            byte[] z = new byte[utf8.length + 1];
            System.arraycopy(utf8, 0, z, 0, utf8.length);
            return in(z);
        }

        /** Calls a function that returns int. */
        public int invokeInt() {
            return INVOKER.invokeInt(function, buffer);
        }

        /** Calls a function that returns long, ssize_t or size_t. */
        public long invokeLong() {
            return INVOKER.invokeLong(function, buffer);
        }

        /** Calls a function that returns a pointer (0 for NULL). */
        public long invokeAddress() {
            return INVOKER.invokeAddress(function, buffer);
        }
    }
}
