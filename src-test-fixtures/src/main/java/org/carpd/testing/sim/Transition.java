package org.carpd.testing.sim;

import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.TransitionReason;

/** A state change observed in the simulation, at global simulated time {@code at}. */
public record Transition(long at, String node, String carpInterface, CarpState from, CarpState to,
                         TransitionReason reason) {
    @Override
    public String toString() {
        return String.format("%.6fs %s %s %s -> %s (%s)", at / 1e9, node, carpInterface, from, to, reason.text());
    }
}
