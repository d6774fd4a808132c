/**
 * Packets on the wire: CARP frames in and out of one parent interface (the carpdev) on a
 * packet socket ({@link org.carpd.net.raw.PacketSocket}) with its kernel filters, the multicast memberships that make a NIC deliver CARP advertisements, and
 * the gratuitous ARP / unsolicited Neighbor Advertisement frames sent on takeover.
 *
 * <p>Threads: {@link org.carpd.net.frame.PacketTransport} owns one receive thread per interface; it
 * calls a {@link org.carpd.net.frame.FrameHandler} that must only hand the frame on (the daemon
 * queues it for its protocol thread). Sending may happen from any thread.
 */
package org.carpd.net.frame;
