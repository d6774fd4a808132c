package org.carpd.net.raw;

import java.util.Arrays;
import org.carpd.net.ffi.LibC;
import org.carpd.net.ffi.NativeMemory;

/**
 * A classic BPF program for {@code SO_ATTACH_FILTER}: instructions of {@code struct sock_filter}
 * (u16 code, u8 jt, u8 jf, u32 k), four ints each, as {@code tcpdump -dd} prints them.
 */
public final class SocketFilter {
    /** Accepts nothing. */
    public static final SocketFilter DROP_ALL = new SocketFilter(0x06, 0, 0, 0);

    private final int[] code;

    /** @param code code, jt, jf, k of each instruction in turn */
    public SocketFilter(int... code) {
        if (code.length == 0 || code.length % 4 != 0 || code.length / 4 > 4096) {
            throw new IllegalArgumentException("a filter is 1 to 4096 instructions of four ints, not " + code.length
                    + " ints");
        }
        this.code = code.clone();
    }

    /** The number of instructions. */
    public int length() {
        return code.length / 4;
    }

    /** Instruction {@code i}: code, jt, jf, k. */
    public int[] instruction(int i) {
        return Arrays.copyOfRange(code, 4 * i, 4 * i + 4);
    }

    /** Attaches this program to {@code fd}; 0 or the errno. */
    int attach(int fd) {
        try (NativeMemory filter = new NativeMemory(8 * length());
             NativeMemory prog = new NativeMemory(2 * NativeMemory.ADDRESS_SIZE)) {
            for (int i = 0; i < length(); i++) {
                filter.putShort(8L * i, code[4 * i]);
                filter.putByte(8L * i + 2, code[4 * i + 1]);
                filter.putByte(8L * i + 3, code[4 * i + 2]);
                filter.putInt(8L * i + 4, code[4 * i + 3]);
            }
            prog.putShort(0, length()); // struct sock_fprog {u16 len; struct sock_filter *filter}
            prog.putAddress(NativeMemory.ADDRESS_SIZE, filter.address());
            int rc = LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, Sockets.SO_ATTACH_FILTER, prog,
                    2 * NativeMemory.ADDRESS_SIZE);
            return rc == 0 ? 0 : LibC.INSTANCE.lastErrno(); // the kernel copied the program
        }
    }
}
