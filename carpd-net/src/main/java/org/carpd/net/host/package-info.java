/**
 * The thin I/O loop around the sans-IO engine: one protocol thread owns the
 * {@link org.carpd.core.engine.CarpEngine}, takes frames (from the carpdevs' receive threads), link and address events (from
 * netlink) and commands (from the control socket) off one queue, fires timers at their
 * deadlines, and carries out the engine's actions with packet sockets and netlink.
 */
package org.carpd.net.host;
