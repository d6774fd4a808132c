package org.carpd.cli.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.VirtualHostStatus;

/**
 * What {@code GET /health} answers: HTTP 200 when the protocol thread answered (within the
 * scrape timeout), 503 when it did not (hung, or dead). {@code ready}: alive and taking full
 * part in elections (neither in maintenance nor holding the sync demotion). Each vhid: its state
 * and how long ago it last sent an advertisement and last heard one from another host (null:
 * never, since carpd started).
 */
public record HealthReport(boolean alive, boolean maintenance, boolean syncPending, List<Vhid> vhids) {
    public HealthReport {
        vhids = List.copyOf(vhids);
    }

    /** One vhid; the times in nanoseconds, or -1 for never. */
    public record Vhid(String name, int vhid, String carpdev, String state, int demote, long sinceSent, long sinceHeard) {
    }

    /** Taken on the protocol thread (through {@code CarpHost.call}). */
    public static HealthReport of(CarpEngine engine, long now, boolean syncPending) {
        List<Vhid> vhids = new ArrayList<>();
        for (VirtualHostStatus s : engine.status()) {
            vhids.add(new Vhid(s.name(), s.vhid(), s.carpdev(), s.state().name(), s.demote(),
                    ago(now, engine.lastSent(s.name())), ago(now, engine.lastHeard(s.name()))));
        }
        return new HealthReport(true, engine.maintenance(), syncPending, vhids);
    }

    /** The protocol thread did not answer: no vhid can be reported. */
    public static HealthReport unavailable(boolean maintenance, boolean syncPending) {
        return new HealthReport(false, maintenance, syncPending, List.of());
    }

    private static long ago(long now, OptionalLong at) {
        return at.isPresent() ? Math.max(0, now - at.getAsLong()) : -1;
    }

    public boolean ready() {
        return alive && !maintenance && !syncPending;
    }

    public int httpStatus() {
        return alive ? 200 : 503;
    }

    public String json() {
        StringBuilder b = new StringBuilder("{\"alive\":").append(alive).append(",\"ready\":").append(ready())
                .append(",\"maintenance\":").append(maintenance).append(",\"sync_pending\":").append(syncPending);
        if (!alive) {
            b.append(",\"error\":\"the protocol thread did not answer\"");
        }
        b.append(",\"vhids\":[");
        for (int i = 0; i < vhids.size(); i++) {
            Vhid v = vhids.get(i);
            b.append(i > 0 ? "," : "").append("{\"interface\":").append(quote(v.name())).append(",\"vhid\":")
                    .append(v.vhid()).append(",\"carpdev\":").append(quote(v.carpdev())).append(",\"state\":")
                    .append(quote(v.state())).append(",\"demote\":").append(v.demote())
                    .append(",\"last_sent_seconds_ago\":").append(seconds(v.sinceSent()))
                    .append(",\"last_heard_seconds_ago\":").append(seconds(v.sinceHeard())).append('}');
        }
        return b.append("]}\n").toString();
    }

    private static String seconds(long nanos) {
        return nanos < 0 ? "null" : String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** Names are carpd.conf names (no quotes, backslashes or control characters), but escape anyway. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
