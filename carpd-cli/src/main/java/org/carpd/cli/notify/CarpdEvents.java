package org.carpd.cli.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.carpd.cli.hooks.HookEvent;

/**
 * carpd's JSON ({@code carpctl --json watch} lines and the {@code --json status} listing) as
 * {@link HookEvent}s. Everything is checked before it can reach a root-run script's environment:
 * interface names as the configuration grammar allows them, vhid 1..255, the three states,
 * addresses of hex digits, dots and colons with a prefix, a reason of printable ASCII.
 */
final class CarpdEvents {
    /** CARP_REASON of an event made from the listing when carpd-notify (re)connects. */
    static final String RESYNC_REASON = "carpd-notify resync";

    private static final Set<String> STATES = Set.of("INIT", "BACKUP", "MASTER");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,14}");
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}/[0-9]{1,3}");
    private static final Pattern REASON = Pattern.compile("[\\x20-\\x7e]{1,200}");

    private CarpdEvents() {
    }

    /** One {@code watch --json} line. @throws IllegalArgumentException if it is not a valid event */
    static HookEvent fromWatchLine(String line) {
        Map<?, ?> o = object(JsonReader.parse(line));
        return event(o.get("interface"), o.get("vhid"), o.get("to"), o.get("from"), o.get("reason"),
                o.containsKey("addresses") ? o.get("addresses") : List.of());
    }

    /**
     * The {@code status --json} listing as one event per interface whose state differs from
     * {@code acted} (interface to the state last acted on; absent: never).
     */
    static List<HookEvent> resync(String listing, Map<String, String> acted) {
        if (!(JsonReader.parse(listing) instanceof List<?> all)) {
            throw new IllegalArgumentException("expected a JSON array of interfaces");
        }
        List<HookEvent> out = new ArrayList<>();
        for (Object item : all) {
            Map<?, ?> o = object(item);
            String previous = acted.getOrDefault(String.valueOf(o.get("name")), "INIT");
            HookEvent e = event(o.get("name"), o.get("vhid"), o.get("state"), previous, RESYNC_REASON,
                    o.get("addresses"));
            if (!e.state().equals(acted.get(e.iface()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Map<?, ?> object(Object value) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException("expected a JSON object");
    }

    private static HookEvent event(Object iface, Object vhid, Object state, Object previous, Object reason,
                                   Object addresses) {
        String name = checked("interface", iface, NAME);
        if (!(vhid instanceof Long v) || v < 1 || v > 255) {
            throw new IllegalArgumentException("bad vhid " + vhid);
        }
        if (!STATES.contains(state) || !STATES.contains(previous)) {
            throw new IllegalArgumentException("bad state " + previous + " -> " + state);
        }
        List<String> addrs = new ArrayList<>();
        if (!(addresses instanceof List<?> list)) {
            throw new IllegalArgumentException("bad address list");
        }
        for (Object a : list) {
            addrs.add(checked("address", a, ADDRESS));
        }
        return new HookEvent(name, v.intValue(), (String) state, (String) previous,
                checked("reason", reason, REASON), addrs);
    }

    private static String checked(String what, Object value, Pattern pattern) {
        if (value instanceof String s && pattern.matcher(s).matches()) {
            return s;
        }
        throw new IllegalArgumentException("bad " + what);
    }
}
