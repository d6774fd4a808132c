/**
 * The CARP wire format: advertisements inside IPv4/IPv6 and Ethernet, the Internet checksum and
 * the HMAC-SHA1 authentication shared with OpenBSD carp(4) and ucarp.
 *
 * <ul>
 * <li>{@link org.carpd.core.wire.AdvertisementCodec}: static, stateless encode/decode of frames.
 *     Decoding never throws on hostile input; it names a {@link org.carpd.core.wire.DropReason}.</li>
 * <li>{@link org.carpd.core.wire.CarpAuthenticator}: signs and verifies HMACs for one vhid;
 *     allocation-free, and not thread-safe (one instance per vhid, used by one thread).</li>
 * <li>{@link org.carpd.core.wire.InternetChecksum}: RFC 1071.</li>
 * <li>Immutable values: {@link org.carpd.core.wire.Advertisement},
 *     {@link org.carpd.core.wire.ReceivedAdvertisement}, {@link org.carpd.core.wire.MacAddress},
 *     {@link org.carpd.core.wire.DecodeResult}.</li>
 * </ul>
 * The HMAC is checked separately from decoding, because only the vhid's configuration knows the
 * key and address set.
 */
package org.carpd.core.wire;
