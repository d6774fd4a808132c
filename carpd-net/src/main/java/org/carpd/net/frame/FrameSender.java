package org.carpd.net.frame;

import java.io.IOException;

/** Something that puts raw Ethernet frames on a link; {@link PacketTransport} is the real one. */
@FunctionalInterface
public interface FrameSender {
    /**
     * Sends one complete Ethernet frame (destination MAC first, no FCS).
     *
     * @throws IOException if the frame could not be handed to the interface
     */
    void send(byte[] frame) throws IOException;
}
