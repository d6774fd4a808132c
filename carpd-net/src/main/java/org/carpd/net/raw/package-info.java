/**
 * The sockets carpd reads and writes frames and packets on, through {@link org.carpd.net.ffi.LibC}.
 *
 * <p>{@link org.carpd.net.raw.PacketSocket}: an AF_PACKET socket on a carpdev, whole Ethernet
 * frames in and out, behind a classic BPF {@link org.carpd.net.raw.SocketFilter}.
 *
 * <p>{@link org.carpd.net.raw.RawSocketSender}: advertisements to unicast peers ({@code carppeer}): whole IP packets (the engine builds the
 * header with the carpdev's own source address, TTL / hop limit 255) handed to the kernel on
 * raw sockets with IP_HDRINCL / IPV6_HDRINCL, so that the kernel routes them, through a router if
 * the peer is in another subnet. Receiving stays with the packet socket on the carpdev; these
 * sockets read nothing (a drop-all socket filter), but being open they keep the kernel from
 * answering each peer's advertisement with an ICMP "protocol unreachable". Needs CAP_NET_RAW.
 */
package org.carpd.net.raw;
