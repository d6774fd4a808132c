package org.carpd.net.netlink;

import java.util.Optional;

/**
 * A netlink operation failed: the kernel answered with an error, or a socket call failed.
 * The message names the operation (with interface and address where there is one), the errno name
 * and its text, and the kernel's extended-ack text when the kernel supplied one.
 */
public class NetlinkException extends Exception {
    private final String operation;
    private final int errno;
    private final String kernelMessage;

    public NetlinkException(String operation, int errno, String kernelMessage) {
        super(operation + ": " + Errno.describe(errno)
                + (kernelMessage == null || kernelMessage.isEmpty() ? "" : " - kernel says: " + kernelMessage));
        this.operation = operation;
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    public NetlinkException(String operation, int errno) {
        this(operation, errno, null);
    }

    /** A failure with no errno, e.g. a malformed reply; {@link #errno()} is 0. */
    protected NetlinkException(String operation, String problem) {
        super(operation + ": " + problem);
        this.operation = operation;
        this.errno = 0;
        this.kernelMessage = null;
    }

    public String operation() {
        return operation;
    }

    /** Positive errno value (e.g. {@link Errno#EEXIST}), or 0 when the failure had none. */
    public int errno() {
        return errno;
    }

    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }

    public static NetlinkException failed(String operation, String problem) {
        return new NetlinkException(operation, problem);
    }

    static NetlinkException malformed(String operation, String problem) {
        return new NetlinkException(operation, "malformed netlink reply: " + problem);
    }
}
