package org.carpd.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.VirtualAddress;

/**
 * One vhid's addresses, which follow its MASTER state: added on becoming MASTER (unless still
 * held), removed on leaving it, at once or after a planned handover's {@link AddressHold}; a
 * MASTER's reconfiguration adds and removes the difference.
 */
final class MasterAddresses {
    private final VirtualHost vh;
    private final VhostEnvironment env;
    /** Addresses kept after a planned handover until the new master has them. */
    private final AddressHold hold = new AddressHold();

    MasterAddresses(VirtualHost vh, VhostEnvironment env) {
        this.vh = vh;
        this.env = env;
    }

    /** True while the addresses are kept after a planned handover. */
    boolean held() {
        return hold.active();
    }

    /** When a hold ends at the latest; {@link VirtualHost#NEVER} without one. */
    long releaseAt() {
        return hold.releaseAt();
    }

    /** A master's advertisement (not a bow-out) was heard (see {@link AddressHold#heard}). */
    void heard(long now) {
        hold.heard(now);
    }

    /** Ends the hold: the held addresses go now. */
    void release() {
        env.emit(hold.take());
    }

    /** Ends a hold now, if there is one. */
    void releaseIfHeld() {
        if (hold.active()) {
            release();
        }
    }

    /** Leaving MASTER: the addresses go now, or with {@code handover} at {@code bound} at the latest. */
    void lose(long now, boolean handover, long bound) {
        CarpInterfaceConfig config = vh.config();
        Action.RemoveAddresses removal = new Action.RemoveAddresses(config.carpdev(), config.name(),
                config.vhid(), config.addresses());
        if (handover) {
            hold.start(removal, bound);
        } else {
            env.emit(removal);
        }
    }

    /** Becoming MASTER: the addresses are added, unless still held as they are. */
    void gain() {
        CarpInterfaceConfig config = vh.config();
        Action.RemoveAddresses held = hold.active() ? hold.take() : null;
        if (held == null || !held.carpdev().equals(config.carpdev()) || !held.addresses().equals(config.addresses())) {
            if (held != null) {
                env.emit(held);
            }
            env.emit(new Action.AddAddresses(config.carpdev(), config.name(), config.vhid(), config.addresses()));
        } // else: still held, nothing to add
    }

    /** A MASTER's addresses changed from {@code previous} to {@code next}: the removed go, the added come and are announced. */
    void change(CarpInterfaceConfig previous, CarpInterfaceConfig next) {
        if (previous.addresses().equals(next.addresses())) {
            return;
        }
        List<VirtualAddress> removed = new ArrayList<>(previous.addresses());
        removed.removeAll(next.addresses());
        List<VirtualAddress> added = new ArrayList<>(next.addresses());
        added.removeAll(previous.addresses());
        if (!removed.isEmpty()) {
            env.emit(new Action.RemoveAddresses(next.carpdev(), next.name(), next.vhid(), removed));
        }
        if (!added.isEmpty()) {
            env.emit(new Action.AddAddresses(next.carpdev(), next.name(), next.vhid(), added));
            env.emit(new Action.Announce(next.carpdev(), next.name(), added));
        }
    }
}
