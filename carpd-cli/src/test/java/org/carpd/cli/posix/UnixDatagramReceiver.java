package org.carpd.cli.posix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.carpd.net.ffi.LibC;

/** Test helper: a bound AF_UNIX datagram socket (path or "@abstract") that receives text. */
public final class UnixDatagramReceiver implements AutoCloseable {
    private static final int MSG_DONTWAIT = 0x40;
    private final int fd;

    public UnixDatagramReceiver(String name) throws IOException {
        fd = LibC.INSTANCE.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        SockaddrUn sa = SockaddrUn.of(name);
        if (fd < 0 || LibC.INSTANCE.bind(fd, sa.bytes(), sa.length()) < 0) {
            throw new IOException("bind " + name + ": " + Errno.describeLast());
        }
    }

    /** The next datagram, waiting up to {@code timeoutMillis}; null if none came. */
    public String receive(long timeoutMillis) throws InterruptedException {
        byte[] buf = new byte[4096];
        long deadline = System.currentTimeMillis() + timeoutMillis;
        do {
            long n = LibC.INSTANCE.recv(fd, buf, buf.length, MSG_DONTWAIT);
            if (n >= 0) {
                return new String(Arrays.copyOf(buf, (int) n), StandardCharsets.UTF_8);
            }
            Thread.sleep(10);
        } while (System.currentTimeMillis() < deadline);
        return null;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}
