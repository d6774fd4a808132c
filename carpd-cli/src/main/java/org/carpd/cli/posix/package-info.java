/**
 * The few libc calls the JDK does not offer (AF_UNIX datagrams, group lookups, a signal's default disposition), through
 * {@link org.carpd.net.ffi.LibC}. Nothing here is CARP-specific.
 */
package org.carpd.cli.posix;
