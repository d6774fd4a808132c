package org.carpd.net.netlink;

import java.util.Set;
import java.util.TreeSet;

/**
 * The names of the nftables tables in the calling thread's network namespace, read over
 * nfnetlink ({@code NFT_MSG_GETTABLE} dump, every family), so that a daemon without a balanced
 * interface can check for tables a crashed carpd left behind without loading libnftables and
 * the half dozen libraries it pulls in (about 1.2 MB resident).
 */
public final class NetfilterTables {
    static final int NETLINK_NETFILTER = 12;
    static final int NFNL_SUBSYS_NFTABLES = 10;
    static final int NFT_MSG_GETTABLE = 1;
    static final int NFTA_TABLE_NAME = 1;
    /** {@code struct nfgenmsg}: family, version, resource id. */
    static final int NFGENMSG_LEN = 4;
    private static final int TIMEOUT_MILLIS = 2000;

    private NetfilterTables() {
    }

    /**
     * Every table's name, of any family; empty when the kernel has no nf_tables.
     *
     * @throws NetlinkException when the kernel could not be asked (then the caller cannot tell)
     */
    public static Set<String> names() throws NetlinkException {
        NetlinkSocket socket;
        try {
            socket = NetlinkSocket.open(NETLINK_NETFILTER, 0, TIMEOUT_MILLIS);
        } catch (NetlinkException e) {
            if (e.errno() == Errno.EPROTONOSUPPORT) {
                return Set.of(); // no nfnetlink in this kernel: no tables either
            }
            throw e;
        }
        try (socket) {
            MessageBuilder request = new MessageBuilder(NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_GETTABLE,
                    Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP)
                    .putU8(0) // NFPROTO_UNSPEC: every family
                    .putU8(0) // NFNETLINK_V0
                    .putU16(0);
            Set<String> names = new TreeSet<>();
            try {
                for (NetlinkMessage m : socket.transact(request, 1, new byte[NetlinkSocket.RECEIVE_BUFFER],
                        "list nftables tables")) {
                    String name = Attributes.parse(m.payload(), NFGENMSG_LEN).string(NFTA_TABLE_NAME);
                    if (name != null) {
                        names.add(name);
                    }
                }
            } catch (NetlinkException e) {
                if (e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.ENOENT) {
                    return Set.of(); // nf_tables is not loaded (and could not be): no tables
                }
                throw e;
            }
            return names;
        }
    }
}
