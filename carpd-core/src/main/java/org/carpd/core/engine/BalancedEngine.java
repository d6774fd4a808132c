package org.carpd.core.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.wire.AdvertisementCodec;
import org.carpd.core.wire.DecodeResult;

/** {@link CarpEngine}'s handling of its load-balanced interfaces, kept apart so the engine stays small. */
final class BalancedEngine {
    private BalancedEngine() {
    }

    /**
     * The carpnode whose advertisement {@code sent} was (its vhid is in the frame); for an empty
     * frame (nothing to send from) the first carpnode that is MASTER, as only a MASTER's sends count.
     */
    static VirtualHost sender(BalancedGroup g, Action.Transmit sent) {
        if (g == null) {
            return null;
        }
        int vhid = -1;
        if (sent.frame().length > 0
                && AdvertisementCodec.decodeFrame(sent.frame(), 0, sent.frame().length) instanceof DecodeResult.Accepted a) {
            vhid = a.packet().advertisement().vhid();
        }
        for (VirtualHost vh : g.nodes()) {
            if (vh.config().vhid() == vhid || vhid < 0 && vh.state() == CarpState.MASTER) {
                return vh;
            }
        }
        return null;
    }

    /**
     * Brings the balanced interfaces in line with {@code wanted}: removed ones (or ones that are no
     * longer balanced, or whose carpdev or carpnode vhids changed) shut down; new ones are created
     * and started; the others are reconfigured in place. Ordinary interfaces are left to the engine.
     */
    static void applyConfig(long now, Map<String, BalancedGroup> balanced, Map<String, CarpInterfaceConfig> wanted,
                            boolean started, Map<String, CarpdevInfo> carpdevs,
                            Function<CarpInterfaceConfig, BalancedGroup> create, ReplayPolicy replay,
                            boolean replayChanged) {
        for (Iterator<BalancedGroup> it = balanced.values().iterator(); it.hasNext(); ) {
            BalancedGroup g = it.next();
            CarpInterfaceConfig c = wanted.get(g.config().name());
            if (c == null || !g.sameNodes(c)) {
                g.nodes().forEach(vh -> vh.shutdown(now, false));
                it.remove();
            }
        }
        Map<String, BalancedGroup> reordered = new LinkedHashMap<>();
        for (CarpInterfaceConfig c : wanted.values()) {
            if (!c.balancing().balanced()) {
                continue;
            }
            BalancedGroup g = balanced.get(c.name());
            if (g == null) {
                g = create.apply(c);
                CarpdevInfo info = carpdevs.get(c.carpdev());
                for (VirtualHost vh : g.nodes()) {
                    OrdinaryEngine.join(now, vh, info, started);
                }
            } else {
                if (replayChanged) {
                    g.nodes().forEach(vh -> vh.replayGuard().setPolicy(replay));
                }
                if (!g.config().equals(c)) {
                    g.reconfigure(now, c);
                }
            }
            reordered.put(c.name(), g);
        }
        balanced.clear();
        balanced.putAll(reordered);
    }

    static List<BalancedStatus> status(Collection<BalancedGroup> groups) {
        List<BalancedStatus> out = new ArrayList<>();
        for (BalancedGroup g : groups) {
            List<BalancedStatus.Node> nodes = new ArrayList<>();
            for (int i = 0; i < g.nodes().size(); i++) {
                VirtualHost vh = g.nodes().get(i);
                nodes.add(new BalancedStatus.Node(i, vh.config().vhid(), vh.config().advskew(), vh.state()));
            }
            out.add(new BalancedStatus(g.config().name(), g.config().carpdev(), g.config().balancing(), nodes,
                    g.owned()));
        }
        return out;
    }
}
