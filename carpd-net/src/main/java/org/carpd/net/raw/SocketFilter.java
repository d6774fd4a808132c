package org.carpd.net.raw;

import java.util.Arrays;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

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
        Runtime rt = Runtime.getRuntime(LibC.INSTANCE);
        Pointer filter = Memory.allocateDirect(rt, 8 * length(), true);
        for (int i = 0; i < length(); i++) {
            filter.putShort(8L * i, (short) code[4 * i]);
            filter.putByte(8L * i + 2, (byte) code[4 * i + 1]);
            filter.putByte(8L * i + 3, (byte) code[4 * i + 2]);
            filter.putInt(8L * i + 4, code[4 * i + 3]);
        }
        Pointer prog = Memory.allocateDirect(rt, 16, true); // struct sock_fprog {u16 len; struct sock_filter *}
        prog.putShort(0, (short) length());
        prog.putPointer(rt.addressSize(), filter);
        int rc = LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, prog, 16);
        int errno = rc == 0 ? 0 : LibC.lastErrno();
        java.lang.ref.Reference.reachabilityFence(filter); // prog holds only its address
        return errno;
    }
}
