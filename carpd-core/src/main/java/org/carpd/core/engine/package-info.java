/**
 * The CARP protocol engine, sans-IO: {@link org.carpd.core.engine.CarpEngine} is a pure object
 * that is handed frames, link changes, operator commands and the current monotonic time, and
 * answers with {@link org.carpd.core.engine.Action}s to carry out and the next deadline. One
 * {@link org.carpd.core.engine.VirtualHost} per vhid holds the INIT/BACKUP/MASTER state machine,
 * written after OpenBSD's {@code ip_carp.c}: one method per event (input, master down, send
 * advertisement, set state).
 */
package org.carpd.core.engine;
