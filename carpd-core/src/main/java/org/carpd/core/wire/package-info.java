/**
 * The CARP wire format: advertisements inside IPv4/IPv6 and Ethernet, the Internet checksum and
 * the HMAC-SHA1 authentication shared with OpenBSD carp(4) and ucarp. Pure functions and
 * immutable values; decoding never throws on hostile input but names a {@link DropReason}.
 */
package org.carpd.core.wire;
