package org.carpd.cli.control;

import java.util.function.Consumer;

/**
 * The daemon's side of carpctl: implemented by the daemon (engine owner), called by
 * {@link ControlServer} on its connection threads, possibly concurrently. Implementations parse
 * {@link ControlRequest#args()} themselves (with the shared config grammar) and answer bad
 * arguments with {@link ControlReply#usage(String)}.
 */
public interface ControlHandler {

    /**
     * Runs one command (anything but {@code watch}) and returns its complete answer. A thrown
     * RuntimeException becomes "internal error" with status 1 and is logged.
     */
    ControlReply handle(ControlRequest request);

    /**
     * As {@link #handle(ControlRequest)}, knowing who asked (for the daemon's record of changes);
     * the server calls this one.
     */
    default ControlReply handle(ControlRequest request, ControlCaller caller) {
        return handle(request);
    }

    /**
     * Starts streaming events for {@code carpctl watch ...}: call {@code sink} with one line per
     * event (never blocks: the server queues lines and drops them for a client that does not read)
     * until the returned handle is closed, which the server does when the client disconnects or
     * the server stops.
     *
     * @throws ControlException to refuse (e.g. unknown interface: status 2)
     */
    default AutoCloseable watch(ControlRequest request, Consumer<String> sink) throws ControlException {
        throw new ControlException(ControlProtocol.STATUS_USAGE, "watch is not supported by this daemon");
    }
}
