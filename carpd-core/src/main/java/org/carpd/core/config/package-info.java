/**
 * carpd's configuration: immutable records and the one ifconfig-like grammar shared by the
 * configuration file and carpctl. Parsing does no I/O: a {@code pass-file} is recorded as a path
 * for the daemon to read.
 */
package org.carpd.core.config;
