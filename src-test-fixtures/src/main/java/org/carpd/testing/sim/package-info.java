/**
 * A deterministic simulation of CARP hosts on one Ethernet segment: a virtual clock, an event
 * queue, and a LAN with seeded loss, delay, duplication, reordering, partitions, link and clock
 * faults, and host crashes and restarts. Everything is driven by one seed, so a failing run
 * replays exactly. carpd hosts ({@link org.carpd.testing.sim.SimNode}) run the real
 * {@link org.carpd.core.engine.CarpEngine} exchanging real encoded frames; beside them, peer hosts
 * ({@link org.carpd.testing.sim.PeerNode}) are independent models of ucarp 1.5.2, FreeBSD
 * carp(4) and OpenBSD carp(4), written from those implementations' sources, with carpd-core's
 * codec and HMAC for wire-true frames.
 */
package org.carpd.testing.sim;
