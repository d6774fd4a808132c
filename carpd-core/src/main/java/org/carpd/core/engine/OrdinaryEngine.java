package org.carpd.core.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.ReplayPolicy;

/** {@link CarpEngine}'s handling of its ordinary (not load-balanced) interfaces on a reload; {@link BalancedEngine}'s twin. */
final class OrdinaryEngine {
    private OrdinaryEngine() {
    }

    /**
     * Brings the ordinary interfaces in line with {@code wanted}, in its order: removed ones (or
     * ones now balanced, or whose carpdev or vhid changed) shut down and release their addresses;
     * new ones are created, told their carpdev's state and started; the others are reconfigured in
     * place. Balanced interfaces are left to {@link BalancedEngine}.
     *
     * @param create a new interface's vhost entry; registers its records too
     */
    static void applyConfig(long now, Map<String, VirtualHost> hosts, Map<String, CarpInterfaceConfig> wanted,
                            boolean started, Map<String, CarpdevInfo> carpdevs,
                            Function<CarpInterfaceConfig, VirtualHost> create, ReplayPolicy replay,
                            boolean replayChanged) {
        for (VirtualHost vh : new ArrayList<>(hosts.values())) {
            CarpInterfaceConfig c = wanted.get(vh.config().name());
            if (c == null || c.balancing().balanced()
                    || !c.carpdev().equals(vh.config().carpdev()) || c.vhid() != vh.config().vhid()) {
                vh.shutdown(now, false);
                hosts.remove(vh.config().name());
            }
        }
        Map<String, VirtualHost> reordered = new LinkedHashMap<>();
        for (CarpInterfaceConfig c : wanted.values()) {
            if (c.balancing().balanced()) {
                continue;
            }
            VirtualHost vh = hosts.get(c.name());
            if (vh == null) {
                vh = create.apply(c);
                join(now, vh, carpdevs.get(c.carpdev()), started);
            } else {
                if (replayChanged) {
                    vh.replayGuard().setPolicy(replay);
                }
                if (!vh.config().equals(c)) {
                    vh.reconfigure(now, c);
                }
            }
            reordered.put(c.name(), vh);
        }
        hosts.clear();
        hosts.putAll(reordered);
    }

    /** A vhost entry a reload created: told its carpdev's state (when known), and started if the engine runs. */
    static void join(long now, VirtualHost vh, CarpdevInfo carpdev, boolean started) {
        if (carpdev != null) {
            vh.carpdevChanged(now, carpdev.up());
        }
        if (started) {
            vh.start(now);
        }
    }
}
