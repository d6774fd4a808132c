package org.carpd.net.frame;

/**
 * Receives Ethernet frames from a {@link PacketTransport}, on the transport's receive thread.
 *
 * <p>Keep it cheap: copy or queue the frame and return (the daemon hands it to its protocol
 * thread). While it runs, no further frames are read; exceptions it throws are logged and the
 * frame is dropped.
 */
@FunctionalInterface
public interface FrameHandler {
    /**
     * @param frame the captured frame, starting with the Ethernet header; owned by the handler
     * @param length the number of valid bytes in {@code frame}
     */
    void onFrame(byte[] frame, int length);

    /**
     * The capture ended by itself (not by {@link PacketTransport#close()}): no more frames will
     * come. A CARP node that cannot hear its peers must not stay in the election.
     */
    default void onCaptureStopped(String reason) {
    }
}
