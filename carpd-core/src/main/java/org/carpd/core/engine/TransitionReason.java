package org.carpd.core.engine;

/** Why a vhid changed state; the text goes into logs, hooks and carpctl watch. */
public enum TransitionReason {
    STARTUP("started"),
    MASTER_DOWN("master down"),
    BOW_OUT("master bowed out"),
    PREEMPT("preempting a slower master"),
    MASTER_DEMOTED("master is more demoted"),
    MASTER_TOO_SLOW("master advertises too slowly"),
    PREFERRED_MASTER("more preferred master seen"),
    CARPDEV_DOWN("carpdev down"),
    CARPDEV_UP("carpdev up"),
    ADMIN_DOWN("interface down"),
    ADMIN_UP("interface up"),
    FORCED("forced by operator"),
    MAINTENANCE("maintenance mode"),
    RECONFIGURED("reconfigured"),
    SHUTDOWN("shutdown");

    private final String text;

    TransitionReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
