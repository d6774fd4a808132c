package org.carpd.testing.sim;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carpd.core.config.CarpInterfaceConfig;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.GlobalConfig;
import org.carpd.core.config.Hooks;
import org.carpd.core.config.Passphrase;
import org.carpd.core.config.ReplayPolicy;
import org.carpd.core.config.UnicastPeers;
import org.carpd.core.config.VirtualAddress;

/** Short-hand for building configurations in tests, without going through the parser. */
public final class TestConfigs {
    private TestConfigs() {
    }

    /** {@code NAME carpdev DEV vhid V advbase B advskew S pass PASS ADDR...}. */
    public static CarpInterfaceConfig carp(String name, String carpdev, int vhid, int advbase, int advskew,
                                           String pass, String... addresses) {
        List<VirtualAddress> list = new ArrayList<>();
        for (String a : addresses) {
            String[] parts = a.split("/");
            list.add(new VirtualAddress(literal(parts[0]), Integer.parseInt(parts[1])));
        }
        return new CarpInterfaceConfig(name, carpdev, vhid, advbase, advskew, Passphrase.of(pass),
                Optional.empty(), list, List.of(CarpInterfaceConfig.DEFAULT_GROUP), true, Hooks.NONE);
    }

    public static CarpdConfig config(CarpInterfaceConfig... interfaces) {
        return new CarpdConfig(GlobalConfig.DEFAULTS, List.of(interfaces));
    }

    public static CarpdConfig config(boolean preempt, ReplayPolicy replay, CarpInterfaceConfig... interfaces) {
        return new CarpdConfig(new GlobalConfig(preempt, replay, GlobalConfig.DEFAULTS.announceRepeat(), Hooks.NONE,
                Optional.empty()),
                List.of(interfaces));
    }

    /** The same interface in other groups (the default group {@code carp} is kept). */
    public static CarpInterfaceConfig inGroups(CarpInterfaceConfig c, String... groups) {
        List<String> all = new ArrayList<>(c.groups());
        all.addAll(List.of(groups));
        return new CarpInterfaceConfig(c.name(), c.carpdev(), c.vhid(), c.advbase(), c.advskew(), c.passphrase(),
                c.passFile(), c.addresses(), all, c.up(), c.hooks());
    }

    /** The same interface with unicast peers ({@code carppeer}) and the least TTL accepted from them. */
    public static CarpInterfaceConfig withPeers(CarpInterfaceConfig c, int minTtl, String... peers) {
        List<InetAddress> list = new ArrayList<>();
        for (String p : peers) {
            list.add(literal(p));
        }
        return c.withPeers(new UnicastPeers(list, minTtl));
    }

    private static InetAddress literal(String text) {
        try {
            // Literals only in tests; getByName does no lookup for an address literal.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
