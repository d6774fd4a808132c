package org.carpd.net.netlink;

/**
 * A link changed (RTM_NEWLINK) or disappeared (RTM_DELLINK). The kernel sends RTM_NEWLINK for many
 * kinds of change, so consecutive events may show the same up/running state.
 *
 * @param link    the link's state after the change
 * @param removed true when the link was deleted
 */
public record LinkEvent(LinkInfo link, boolean removed) implements RouteEvent {
    public String ifname() {
        return link.name();
    }

    public int ifindex() {
        return link.index();
    }

    public boolean up() {
        return link.up();
    }

    public boolean running() {
        return link.running();
    }

    public OperState operState() {
        return link.operState();
    }
}
