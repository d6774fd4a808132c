package org.carpd.net.ffi;

import static org.carpd.net.ffi.NativeFunction.INT;
import static org.carpd.net.ffi.NativeFunction.LONG;
import static org.carpd.net.ffi.NativeFunction.POINTER;
import static org.carpd.net.ffi.NativeFunction.SIZE;

/**
 * The libc functions carpd calls, as in their man pages. Those that fail return -1 (NULL for a
 * pointer) and leave the reason in {@link #lastErrno()}. Arrays are copied to and from native
 * memory around each call; an address (a {@link NativeMemory}) is passed as it is.
 */
public final class LibC {
    /** The socket constants (sys/socket.h, Linux values) every caller of these functions shares. */
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    /** Close the descriptor in children (hooks and scripts do not inherit it). */
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;

    public static final LibC INSTANCE = new LibC();

    private final NativeFunction socket = libc("socket", INT, INT, INT, INT);
    private final NativeFunction bind = libc("bind", INT, INT, POINTER, INT);
    private final NativeFunction getsockname = libc("getsockname", INT, INT, POINTER, POINTER);
    private final NativeFunction setsockopt = libc("setsockopt", INT, INT, INT, INT, POINTER, INT);
    private final NativeFunction sendto = libc("sendto", LONG, INT, POINTER, SIZE, INT, POINTER, INT);
    private final NativeFunction send = libc("send", LONG, INT, POINTER, SIZE, INT);
    private final NativeFunction recv = libc("recv", LONG, INT, POINTER, SIZE, INT);
    private final NativeFunction poll = libc("poll", INT, POINTER, SIZE, INT);
    private final NativeFunction eventfd = libc("eventfd", INT, INT, INT);
    private final NativeFunction write = libc("write", LONG, INT, POINTER, SIZE);
    private final NativeFunction close = libc("close", INT, INT);
    private final NativeFunction strerror = libc("strerror", POINTER, INT);
    private final NativeFunction ifNameToIndex = libc("if_nametoindex", INT, POINTER);
    private final NativeFunction schedSetscheduler = libc("sched_setscheduler", INT, INT, INT, POINTER);
    private final NativeFunction signal = libc("signal", POINTER, INT, POINTER);
    private final NativeFunction kill = libc("kill", INT, INT, INT);
    private final NativeFunction getgrnam = libc("getgrnam", POINTER, POINTER);
    private final NativeFunction getpwnam = libc("getpwnam", POINTER, POINTER);

    private LibC() {
    }

    private static NativeFunction libc(String name, com.kenai.jffi.Type returns, com.kenai.jffi.Type... parameters) {
        return NativeFunction.bind(null, name, returns, parameters);
    }

    /** errno of the last call on this thread. */
    public int lastErrno() {
        return NativeFunction.errno();
    }

    public int socket(int domain, int type, int protocol) {
        return socket.call().i(domain).i(type).i(protocol).invokeInt();
    }

    public int bind(int fd, byte[] addr, int addrlen) {
        return bind.call().i(fd).in(addr).i(addrlen).invokeInt();
    }

    /** {@code addrlen} holds one socklen_t, read and written. */
    public int getsockname(int fd, byte[] addr, int[] addrlen) {
        return getsockname.call().i(fd).out(addr).inOut(addrlen).invokeInt();
    }

    public int setsockopt(int fd, int level, int name, byte[] value, int length) {
        return setsockopt.call().i(fd).i(level).i(name).in(value).i(length).invokeInt();
    }

    public int setsockopt(int fd, int level, int name, NativeMemory value, int length) {
        return setsockopt.call().i(fd).i(level).i(name).address(value.address()).i(length).invokeInt();
    }

    public long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) {
        return sendto.call().i(fd).in(buf).l(len).i(flags).in(addr).i(addrlen).invokeLong();
    }

    public long send(int fd, byte[] buf, long len, int flags) {
        return send.call().i(fd).in(buf).l(len).i(flags).invokeLong();
    }

    public long recv(int fd, byte[] buf, long len, int flags) {
        return recv.call().i(fd).out(buf).l(len).i(flags).invokeLong();
    }

    public long recv(int fd, NativeMemory buf, long len, int flags) {
        return recv.call().i(fd).address(buf.address()).l(len).i(flags).invokeLong();
    }

    /** {@code fds}: an array of {@code struct pollfd} (8 bytes each), read and written. */
    public int poll(byte[] fds, long nfds, int timeoutMillis) {
        return poll.call().inOut(fds).l(nfds).i(timeoutMillis).invokeInt();
    }

    public int eventfd(int initval, int flags) {
        return eventfd.call().i(initval).i(flags).invokeInt();
    }

    public long write(int fd, byte[] buf, long len) {
        return write.call().i(fd).in(buf).l(len).invokeLong();
    }

    public int close(int fd) {
        return close.call().i(fd).invokeInt();
    }

    public String strerror(int errnum) {
        return NativeFunction.string(strerror.call().i(errnum).invokeAddress());
    }

    /** The interface's index, 0 if there is none of that name. */
    public int if_nametoindex(String name) {
        return ifNameToIndex.call().string(name).invokeInt();
    }

    /** gettid(2); glibc has the wrapper since 2.30, so it is bound at the first call, not with the rest. */
    public int gettid() {
        return Gettid.FUNCTION.call().invokeInt();
    }

    private static final class Gettid {
        static final NativeFunction FUNCTION = libc("gettid", INT);
    }

    /** {@code param}: struct sched_param, one int. */
    public int sched_setscheduler(int pid, int policy, int[] param) {
        return schedSetscheduler.call().i(pid).i(policy).in(param).invokeInt();
    }

    /** signal(2) with a handler address (SIG_DFL is 0); returns the previous one. */
    public long signal(int signum, long handler) {
        return signal.call().i(signum).address(handler).invokeAddress();
    }

    /** kill(2); a negative {@code pid} signals that process group. */
    public int kill(int pid, int sig) {
        return kill.call().i(pid).i(sig).invokeInt();
    }

    /** A {@code struct group *}, 0 if none; libc's static buffer: callers serialise. */
    public long getgrnam(String name) {
        return getgrnam.call().string(name).invokeAddress();
    }

    /** A {@code struct passwd *}, 0 if none; libc's static buffer: callers serialise. */
    public long getpwnam(String name) {
        return getpwnam.call().string(name).invokeAddress();
    }
}
