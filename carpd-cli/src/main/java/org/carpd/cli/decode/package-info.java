/**
 * {@code carpctl decode}: reads CARP advertisements from a pcap file or a live interface and
 * prints what each one says, and whether its HMAC matches a passphrase and address list.
 */
package org.carpd.cli.decode;
