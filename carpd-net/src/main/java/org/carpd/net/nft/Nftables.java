package org.carpd.net.nft;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * One libnftables context ({@code nft_ctx}), with output and errors captured in buffers.
 *
 * <p>A context belongs to the network namespace of the thread that runs its first command (the
 * library opens its netlink socket then), so open and use it from the thread that owns the
 * namespace's tables. Not thread-safe; callers serialise.
 */
public final class Nftables implements AutoCloseable {
    private static final int NFT_CTX_DEFAULT = 0;

    /** Public because jnr-ffi generates the implementation in its own class loader. */
    public interface Lib {
        Pointer nft_ctx_new(int flags);

        void nft_ctx_free(Pointer ctx);

        int nft_ctx_buffer_output(Pointer ctx);

        int nft_ctx_buffer_error(Pointer ctx);

        String nft_ctx_get_output_buffer(Pointer ctx);

        String nft_ctx_get_error_buffer(Pointer ctx);

        int nft_run_cmd_from_buffer(Pointer ctx, String buf);
    }

    private static Lib lib;
    private Pointer ctx;

    private Nftables(Pointer ctx) {
        this.ctx = ctx;
    }

    /** A new context; fails with a message naming the package when libnftables is missing. */
    public static Nftables open() throws NftablesException {
        Lib l = library();
        Pointer c = l.nft_ctx_new(NFT_CTX_DEFAULT);
        if (c == null) {
            throw new NftablesException("libnftables: cannot create a context");
        }
        if (l.nft_ctx_buffer_output(c) != 0 || l.nft_ctx_buffer_error(c) != 0) {
            l.nft_ctx_free(c);
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
            try {
                lib = LibraryLoader.create(Lib.class).failImmediately().load("nftables");
            } catch (LinkageError | RuntimeException e) {
                throw new NftablesException("libnftables is not installed (Debian: apt-get install libnftables1)", e);
            }
        }
        return lib;
    }

    /**
     * Runs a batch of nft commands (nft -f syntax) atomically and returns what nft printed (for
     * {@code list} commands). On error nothing was applied and the exception carries nft's
     * message, which quotes the offending line.
     */
    public String run(String commands) throws NftablesException {
        if (ctx == null) {
            throw new IllegalStateException("closed");
        }
        int rc = lib.nft_run_cmd_from_buffer(ctx, commands);
        String out = lib.nft_ctx_get_output_buffer(ctx);
        String err = lib.nft_ctx_get_error_buffer(ctx);
        if (rc != 0) {
            throw new NftablesException("nftables: " + (err == null || err.isBlank() ? "error " + rc : err.strip()));
        }
        return out == null ? "" : out;
    }

    @Override
    public void close() {
        if (ctx != null) {
            lib.nft_ctx_free(ctx);
            ctx = null;
        }
    }
}
