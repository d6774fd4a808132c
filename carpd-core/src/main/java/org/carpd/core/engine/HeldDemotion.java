package org.carpd.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The demotions one vhid holds on its groups, one each: while its carpdev is down, and after
 * repeated send failures (with the per-family counts that set and lift it). They follow the
 * vhid when its groups change and are released when it goes.
 */
final class HeldDemotion {
    /** Consecutive failed sends in one address family before demoting, and successes before lifting it. */
    private static final int SEND_ERRORS_PER_FAMILY = 3;

    private final VirtualHost vh;
    private final VhostEnvironment env;
    /** True while this interface holds one demotion because its carpdev is down. */
    private boolean forCarpdev;
    private boolean forSendErrors;
    /** Consecutive failed and (while demoted) successful sends, per family: [0] IPv4, [1] IPv6. */
    private final int[] sendErrors = new int[2];
    private final int[] sendSuccesses = new int[2];

    HeldDemotion(VirtualHost vh, VhostEnvironment env) {
        this.vh = vh;
        this.env = env;
    }

    /** How many demotions this vhid holds on its groups (carpdev down, send errors). */
    int count() {
        return (forCarpdev ? 1 : 0) + (forSendErrors ? 1 : 0);
    }

    void carpdevDown(long now) {
        if (!forCarpdev) {
            forCarpdev = true;
            env.adjustDemotion(now, vh.config().groups(), +1, vh.config().name() + ": carpdev down");
        }
    }

    void carpdevUp(long now) {
        if (forCarpdev) {
            forCarpdev = false;
            env.adjustDemotion(now, vh.config().groups(), -1, vh.config().name() + ": carpdev up");
        }
    }

    /** Starts the send counts afresh; a send-error demotion stays. */
    void resetSendCounts() {
        Arrays.fill(sendErrors, 0);
        Arrays.fill(sendSuccesses, 0);
    }

    void liftSendErrorDemotion(long now, String why) {
        Arrays.fill(sendErrors, 0);
        Arrays.fill(sendSuccesses, 0);
        if (forSendErrors) {
            forSendErrors = false;
            env.adjustDemotion(now, vh.config().groups(), -1, vh.config().name() + ": " + why);
        }
    }

    /**
     * The outcome of one advertisement send of a MASTER. Three failures in a row in one address
     * family demote this interface (OpenBSD counts three per vhid; a carpd vhid sends one frame per
     * family, and one family may fail while the other works); three successes in a row in every
     * family it sends lift the demotion again. The demotion outlives MASTER (see
     * {@code VirtualHost.setState}), so a broken NIC never cycles MASTER/BACKUP.
     */
    void sendResult(long now, boolean ipv6, boolean ok) {
        int f = ipv6 ? 1 : 0;
        if (ok) {
            sendErrors[f] = 0;
            if (forSendErrors && ++sendSuccesses[f] >= SEND_ERRORS_PER_FAMILY
                    && (!vh.hasIpv4() || sendSuccesses[0] >= SEND_ERRORS_PER_FAMILY)
                    && (!vh.hasIpv6() || sendSuccesses[1] >= SEND_ERRORS_PER_FAMILY)) {
                forSendErrors = false;
                env.adjustDemotion(now, vh.config().groups(), -1, vh.config().name() + ": sending works again");
            }
            return;
        }
        sendSuccesses[f] = 0;
        if (++sendErrors[f] >= SEND_ERRORS_PER_FAMILY && !forSendErrors) {
            forSendErrors = true;
            sendSuccesses[0] = 0;
            sendSuccesses[1] = 0;
            env.adjustDemotion(now, vh.config().groups(), +1, vh.config().name() + ": " + sendErrors[f]
                    + " send failures in a row (" + (ipv6 ? "IPv6" : "IPv4") + ")");
        }
    }

    /** After a change of groups the demotions this vhid holds follow it: off the groups it left, onto those it joined. */
    void move(long now, List<String> previousGroups) {
        int held = count();
        if (held == 0) {
            return;
        }
        List<String> left = new ArrayList<>(previousGroups);
        left.removeAll(vh.config().groups());
        List<String> joined = new ArrayList<>(vh.config().groups());
        joined.removeAll(previousGroups);
        if (!left.isEmpty()) {
            env.adjustDemotion(now, left, -held, vh.config().name() + ": left groups " + left);
        }
        if (!joined.isEmpty()) {
            env.adjustDemotion(now, joined, held, vh.config().name() + ": joined groups " + joined);
        }
    }

    /** The vhid goes: its groups get back what it holds. */
    void release(long now) {
        if (count() > 0) {
            env.adjustDemotion(now, vh.config().groups(), -count(), vh.config().name() + ": removed");
            forCarpdev = false;
            forSendErrors = false;
        }
    }
}
