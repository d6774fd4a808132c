package org.carpd.cli.hooks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a hook is told, as environment variables.
 *
 * @param iface     carp interface name                      ({@code CARP_IF})
 * @param vhid      virtual host id                           ({@code CARP_VHID})
 * @param state     new state, e.g. "MASTER"                  ({@code CARP_STATE})
 * @param prevState previous state                            ({@code CARP_PREV_STATE})
 * @param reason    why, e.g. "master down"     ({@code CARP_REASON})
 * @param addresses virtual addresses as "addr/prefix"        ({@code CARP_ADDRS}, space-separated)
 */
public record HookEvent(String iface, int vhid, String state, String prevState, String reason, List<String> addresses) {
    public HookEvent {
        addresses = List.copyOf(addresses);
    }

    /** The CARP_* variables. */
    public Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("CARP_IF", iface);
        env.put("CARP_VHID", Integer.toString(vhid));
        env.put("CARP_STATE", state);
        env.put("CARP_PREV_STATE", prevState);
        env.put("CARP_REASON", reason);
        env.put("CARP_ADDRS", String.join(" ", addresses));
        return env;
    }
}
