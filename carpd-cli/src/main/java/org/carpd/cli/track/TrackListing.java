package org.carpd.cli.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carpd.cli.control.ControlReply;

/**
 * {@code carpctl track [NAME]}: one line per tracker, e.g.
 * <pre>
 * track web: script /usr/local/bin/check-web: FAILED since 2026-12-02T15:10:00Z (exit 1, 3 in a row; 40 checks, 3 failed); holds carp 50
 * track uplink: interface eth2: OK since 2026-12-02T15:00:00Z (eth2 is up, 1 in a row; 1 checks, 0 failed); holds nothing
 * </pre>
 * or, with {@code --json}, {@code {"trackers":[{"name":..,"kind":..,"target":..,"state":..,"last":..,
 * "streak":N,"since":..|null,"checks":N,"failures":N,"held":{GROUP:N},"demote":{GROUP:N}}]}}.
 */
public final class TrackListing {
    private TrackListing() {
    }

    /** {@code carpctl [--json] track [NAME]}; {@code args} starts with "track". */
    public static ControlReply reply(List<String> args, boolean json, List<TrackerStatus> statuses) {
        List<TrackerStatus> all = statuses.stream().filter(t -> args.size() == 1 || t.name().equals(args.get(1))).toList();
        if (args.size() == 2 && all.isEmpty()) {
            return ControlReply.usage("carpctl: no such tracker: " + args.get(1));
        }
        return ControlReply.ok(json ? List.of(json(all)) : text(all));
    }

    public static List<String> text(List<TrackerStatus> all) {
        List<String> lines = new ArrayList<>();
        for (TrackerStatus s : all) {
            lines.add("track " + s.name() + ": " + s.kind() + " " + s.target() + ": " + s.state()
                    + s.since().map(t -> " since " + t).orElse("") + " (" + s.last() + ", " + s.streak()
                    + " in a row; " + s.checks() + " checks, " + s.failures() + " failed); holds "
                    + (s.held().isEmpty() ? "nothing" : groups(s.held())) + " of " + groups(s.demote()));
        }
        return lines;
    }

    private static String groups(Map<String, Integer> m) {
        return new java.util.TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    public static String json(List<TrackerStatus> all) {
        StringBuilder b = new StringBuilder("{\"trackers\":[");
        for (int i = 0; i < all.size(); i++) {
            TrackerStatus s = all.get(i);
            b.append(i == 0 ? "" : ",").append("{\"name\":").append(string(s.name()))
                    .append(",\"kind\":").append(string(s.kind()))
                    .append(",\"target\":").append(string(s.target()))
                    .append(",\"state\":").append(string(s.state().name()))
                    .append(",\"last\":").append(string(s.last()))
                    .append(",\"streak\":").append(s.streak())
                    .append(",\"since\":").append(s.since().map(t -> string(t.toString())).orElse("null"))
                    .append(",\"checks\":").append(s.checks())
                    .append(",\"failures\":").append(s.failures())
                    .append(",\"held\":").append(object(s.held()))
                    .append(",\"demote\":").append(object(s.demote())).append('}');
        }
        return b.append("]}").toString();
    }

    private static String object(Map<String, Integer> m) {
        return new java.util.TreeMap<>(m).entrySet().stream().map(e -> string(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
