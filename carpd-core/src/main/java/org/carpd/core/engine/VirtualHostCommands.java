package org.carpd.core.engine;

import org.carpd.core.config.CarpInterfaceConfig;

/**
 * What the operator and a reload do to one vhid ({@code carpctl ... state}, maintenance mode, a
 * new configuration), as OpenBSD's {@code carp_ioctl}: each a sequence of {@link VirtualHost}'s
 * transitions, kept apart so the state machine stays small.
 */
final class VirtualHostCommands {
    private VirtualHostCommands() {
    }

    /** {@code carpctl carp0 state master|backup}. */
    static void forceState(VirtualHost vh, long now, CarpState target) {
        CarpInterfaceConfig config = vh.config();
        if (target == CarpState.INIT) {
            throw new IllegalArgumentException("state must be master or backup");
        }
        if (vh.state() == CarpState.INIT) {
            throw new IllegalStateException(config.name() + " is in INIT ("
                    + (config.up() ? "carpdev down" : "interface down") + "); cannot force "
                    + target.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (target == vh.state()) {
            return;
        }
        if (target == CarpState.MASTER && vh.env().maintenance()) {
            throw new IllegalStateException("this node is in maintenance mode: every vhid stays BACKUP"
                    + " (carpctl maintenance off first)");
        }
        if (target == CarpState.MASTER) {
            vh.becomeMaster(now, TransitionReason.FORCED);
        } else {
            vh.bowOut(now); // a planned handover: the backups take over at once
            vh.setState(now, CarpState.BACKUP, TransitionReason.FORCED, true);
            vh.setRun(now);
        }
    }

    /**
     * Maintenance mode began or ended. A MASTER bows out (backups take over at once) and becomes
     * BACKUP, keeping its addresses until the new master has them; a BACKUP keeps listening. When it ends, BACKUPs time the master again from now.
     */
    static void maintenanceChanged(VirtualHost vh, long now, boolean on) {
        if (on && vh.state() == CarpState.MASTER) {
            vh.bowOut(now);
            vh.setState(now, CarpState.BACKUP, TransitionReason.MAINTENANCE, true); // planned: keep the addresses until taken over
            vh.setRun(now);
        } else if (!on && vh.state() == CarpState.BACKUP) {
            vh.maintenanceOver(now);
        }
    }

    /** A new configuration for the same carpdev and vhid. */
    static void reconfigure(VirtualHost vh, long now, CarpInterfaceConfig next) {
        CarpInterfaceConfig previous = vh.config();
        boolean wasMaster = vh.state() == CarpState.MASTER;
        vh.addresses().releaseIfHeld(); // held with the old configuration's addresses
        if (previous.up() && !next.up()) {
            vh.leave(now, TransitionReason.ADMIN_DOWN); // with the old addresses and key
            vh.configure(next);
            vh.heldDemotion().move(now, previous.groups());
            return;
        }
        if (wasMaster) {
            vh.addresses().change(previous, next);
        }
        vh.configure(next);
        vh.heldDemotion().move(now, previous.groups());
        boolean timingChanged = previous.advbase() != next.advbase() || previous.advskew() != next.advskew();
        if (!previous.up() && next.up()) {
            vh.setRun(now, TransitionReason.ADMIN_UP);
        } else if (timingChanged || vh.state() == CarpState.INIT) {
            vh.setRun(now, TransitionReason.RECONFIGURED);
        }
        if (wasMaster && vh.state() == CarpState.MASTER && timingChanged) {
            vh.sendAdvertisement(now); // tell the backups at once
        }
    }
}
