/**
 * A small NETLINK_ROUTE client over libc's socket calls ({@link org.carpd.net.ffi}): reads links and addresses, adds and removes carpd's
 * virtual addresses, and subscribes to link (carrier) and address changes. No external command is run.
 *
 * <p>Messages: RTM_GETLINK (by name, index, or dump), RTM_GETADDR (dump), RTM_NEWADDR with
 * NLM_F_CREATE|NLM_F_EXCL, RTM_DELADDR; each request has its own sequence number and NLM_F_ACK, and
 * kernel error replies become {@link org.carpd.net.netlink.NetlinkException} naming the operation,
 * interface, address and errno. {@link org.carpd.net.netlink.LinkEventSubscriber} joins the
 * RTMGRP_LINK multicast group, and on request RTMGRP_IPV4_IFADDR and RTMGRP_IPV6_IFADDR.
 *
 * <p>carpd marks its addresses (IFA_PROTO 112 on kernels 5.18+, IPv4 label {@code <ifname>:carp})
 * so that {@link org.carpd.net.netlink.RouteNetlink#removeStaleAddresses} can clean up after a crash
 * without touching anyone else's addresses; see {@link org.carpd.net.netlink.CarpdAddressMarker}.
 *
 * <p>{@link org.carpd.net.netlink.NetfilterTables} reads the names of the nftables tables over
 * NETLINK_NETFILTER, the one request carpd makes outside NETLINK_ROUTE.
 *
 * <p>A netlink socket lives in the network namespace of the thread that opened it. Design notes:
 * {@code docs/netlink.md}.
 */
package org.carpd.net.netlink;
