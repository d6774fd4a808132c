/**
 * A deterministic simulation of carpd hosts on one Ethernet segment: a virtual clock, an event
 * queue, and a LAN with seeded loss, delay, duplication, reordering, partitions, link and clock
 * faults, and host crashes and restarts. Everything is driven by one seed, so a failing run
 * replays exactly. The engines under test are the real {@link org.carpd.core.engine.CarpEngine}
 * exchanging real encoded frames.
 */
package org.carpd.testing.sim;
