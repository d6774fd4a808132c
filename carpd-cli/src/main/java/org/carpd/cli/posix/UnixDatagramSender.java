package org.carpd.cli.posix;

import java.io.IOException;
import org.carpd.net.ffi.LibC;

/**
 * Sends AF_UNIX datagrams to one fixed address (a path, or "@name" for the abstract namespace).
 * Java 17 has no AF_UNIX datagram channel, hence libc. Thread-safe; each send is one syscall.
 */
public final class UnixDatagramSender implements AutoCloseable {
    private final SockaddrUn target;
    private final String name;
    private final int fd;

    /** @throws IOException if no socket can be created */
    public UnixDatagramSender(String name) throws IOException {
        this.target = SockaddrUn.of(name);
        this.name = name;
        this.fd = LibC.INSTANCE.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot create AF_UNIX datagram socket: " + Errno.describeLast());
        }
    }

    /** @throws IOException if the kernel refuses the datagram (e.g. nobody listens at the name) */
    public void send(byte[] datagram) throws IOException {
        long sent = LibC.INSTANCE.sendto(fd, datagram, datagram.length, 0, target.bytes(), target.length());
        if (sent < 0) {
            throw new IOException("cannot send to unix socket " + name + ": " + Errno.describeLast());
        }
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}
