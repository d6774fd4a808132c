package org.carpd.net.nft;

import static org.carpd.net.ffi.NativeFunction.INT;
import static org.carpd.net.ffi.NativeFunction.POINTER;
import static org.carpd.net.ffi.NativeFunction.VOID;

import org.carpd.net.ffi.NativeFunction;

/**
 * One libnftables context ({@code nft_ctx}), with output and errors captured in buffers.
 *
 * <p>A context belongs to the network namespace of the thread that runs its first command (the
 * library opens its netlink socket then), so open and use it from the thread that owns the
 * namespace's tables. Not thread-safe; callers serialise.
 */
public final class Nftables implements AutoCloseable {
    private static final int NFT_CTX_DEFAULT = 0;
    /** Debian's libnftables1 ships only the versioned name; the unversioned one comes with -dev. */
    private static final String[] LIBRARY = {"libnftables.so.1", "libnftables.so"};

    /** The functions used, bound once. */
    private record Lib(NativeFunction ctxNew, NativeFunction ctxFree, NativeFunction bufferOutput,
                       NativeFunction bufferError, NativeFunction outputBuffer, NativeFunction errorBuffer,
                       NativeFunction runCmdFromBuffer) {
        static Lib bind(String library) {
            return new Lib(NativeFunction.bind(library, "nft_ctx_new", POINTER, INT),
                    NativeFunction.bind(library, "nft_ctx_free", VOID, POINTER),
                    NativeFunction.bind(library, "nft_ctx_buffer_output", INT, POINTER),
                    NativeFunction.bind(library, "nft_ctx_buffer_error", INT, POINTER),
                    NativeFunction.bind(library, "nft_ctx_get_output_buffer", POINTER, POINTER),
                    NativeFunction.bind(library, "nft_ctx_get_error_buffer", POINTER, POINTER),
                    NativeFunction.bind(library, "nft_run_cmd_from_buffer", INT, POINTER, POINTER));
        }
    }

    private static Lib lib;
    private long ctx;

    private Nftables(long ctx) {
        this.ctx = ctx;
    }

    /** A new context; fails with a message naming the package when libnftables is missing. */
    public static Nftables open() throws NftablesException {
        Lib l = library();
        long c = l.ctxNew().call().i(NFT_CTX_DEFAULT).invokeAddress();
        if (c == 0) {
            throw new NftablesException("libnftables: cannot create a context");
        }
        if (l.bufferOutput().call().address(c).invokeInt() != 0 || l.bufferError().call().address(c).invokeInt() != 0) {
            l.ctxFree().call().address(c).invokeInt();
            throw new NftablesException("libnftables: cannot buffer output");
        }
        return new Nftables(c);
    }

    /** Whether libnftables can be loaded on this host. */
    public static boolean available() {
        try {
            library();
            return true;
        } catch (NftablesException e) {
            return false;
        }
    }

    private static synchronized Lib library() throws NftablesException {
        if (lib == null) {
            LinkageError last = null;
            for (String name : LIBRARY) {
                try {
                    lib = Lib.bind(name);
                    return lib;
                } catch (LinkageError e) {
                    last = e;
                }
            }
            throw new NftablesException("libnftables is not installed (Debian: apt-get install libnftables1)", last);
        }
        return lib;
    }

    /**
     * Runs a batch of nft commands (nft -f syntax) atomically and returns what nft printed (for
     * {@code list} commands). On error nothing was applied and the exception carries nft's
     * message, which quotes the offending line.
     */
    public String run(String commands) throws NftablesException {
        if (ctx == 0) {
            throw new IllegalStateException("closed");
        }
        int rc = lib.runCmdFromBuffer().call().address(ctx).string(commands).invokeInt();
        String out = NativeFunction.string(lib.outputBuffer().call().address(ctx).invokeAddress());
        String err = NativeFunction.string(lib.errorBuffer().call().address(ctx).invokeAddress());
        if (rc != 0) {
            throw new NftablesException("nftables: " + (err == null || err.isBlank() ? "error " + rc : err.strip()));
        }
        return out == null ? "" : out;
    }

    @Override
    public void close() {
        if (ctx != 0) {
            lib.ctxFree().call().address(ctx).invokeInt();
            ctx = 0;
        }
    }
}
