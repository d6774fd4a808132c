package org.carpd.net.netlink;

/** Constants from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h, linux/if_addr.h and linux/if.h. */
final class Rtnl {
    private Rtnl() {
    }

    static final int AF_UNSPEC = 0;
    static final int NETLINK_ROUTE = 0;

    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;

    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;

    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_CAPPED = 0x100;
    static final int NLM_F_ACK_TLVS = 0x200;
    static final int NLMSGERR_ATTR_MSG = 1;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_SETLINK = 19;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;

    static final int RTMGRP_LINK = 0x1;
    static final int RTMGRP_IPV4_IFADDR = 0x10;
    static final int RTMGRP_IPV6_IFADDR = 0x100;

    static final int IFINFOMSG_LEN = 16;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_LINK = 5;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int MACVLAN_MODE_PRIVATE = 1;
    static final int IFLA_IFALIAS = 20;
    static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    static final int IN6_ADDR_GEN_MODE_NONE = 1;
    static final int IPV4_DEVCONF_ARP_ANNOUNCE = 18;
    static final int IPV4_DEVCONF_ARP_IGNORE = 19;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_AF_SPEC = 26;
    static final int IFLA_EXT_MASK = 29;
    static final int IFLA_INET_CONF = 1;
    static final int IPV4_DEVCONF_PROMOTE_SECONDARIES = 20;
    static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;
    static final int IFA_PROTO = 11;
    static final int IFA_RT_PRIORITY = 9;

    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_HOST = 254;

    static final int IFNAMSIZ = 16;
}
