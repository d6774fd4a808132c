package org.carpd.cli.posix;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.carpd.net.ffi.LibC;

/**
 * A {@code struct sockaddr_un} in native byte order. A name starting with '@' is in Linux's
 * abstract namespace (the '@' becomes a leading NUL, and the length excludes any trailing NUL),
 * as systemd's {@code NOTIFY_SOCKET} convention says.
 *
 * @param bytes  the structure
 * @param length the address length to pass to the kernel
 */
public record SockaddrUn(byte[] bytes, int length) {
    private static final int PATH_MAX = 108;

    /** @throws IllegalArgumentException if the name is empty or does not fit in sun_path */
    public static SockaddrUn of(String name) {
        boolean isAbstract = name.startsWith("@");
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        if (path.length == 0 || path.length > PATH_MAX - 1) {
            throw new IllegalArgumentException("unix socket name must be 1.." + (PATH_MAX - 1)
                    + " bytes: " + name);
        }
        byte[] sa = new byte[2 + PATH_MAX];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        sa[little ? 0 : 1] = (byte) LibC.AF_UNIX;
        System.arraycopy(path, 0, sa, 2, path.length);
        if (isAbstract) {
            sa[2] = 0;
            return new SockaddrUn(sa, 2 + path.length);
        }
        return new SockaddrUn(sa, 2 + path.length + 1);
    }
}
