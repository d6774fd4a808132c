package org.carpd.net.netlink;

/** RFC 2863 operational state of a link, as the kernel reports it in IFLA_OPERSTATE. */
public enum OperState {
    UNKNOWN, NOT_PRESENT, DOWN, LOWER_LAYER_DOWN, TESTING, DORMANT, UP;

    static OperState fromKernel(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
