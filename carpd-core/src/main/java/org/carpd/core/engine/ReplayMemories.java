package org.carpd.core.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carpd.core.config.CarpInterfaceConfig;

/** Saving and restoring the vhids' {@link ReplayMemory} across restarts, keyed {@code "CARPDEV VHID"}. */
final class ReplayMemories {
    private ReplayMemories() {
    }

    /** Each vhid's replay memory that has a mark (see {@link CarpEngine#replayMemory()}). */
    static Map<String, ReplayMemory> save(List<VirtualHost> elections) {
        Map<String, ReplayMemory> out = new LinkedHashMap<>();
        for (VirtualHost vh : elections) {
            ReplayGuard guard = vh.replayGuard();
            if (guard.hasMark()) {
                out.put(markKey(vh.config()), guard.memory());
            }
        }
        return out;
    }

    /** Restores what {@link #save} saved in an earlier run. */
    static void restore(List<VirtualHost> elections, Map<String, ReplayMemory> saved) {
        for (VirtualHost vh : elections) {
            ReplayMemory m = saved.get(markKey(vh.config()));
            if (m != null) {
                vh.replayGuard().restore(m);
            }
        }
    }

    private static String markKey(CarpInterfaceConfig c) {
        return c.carpdev() + " " + c.vhid();
    }
}
