package org.carpd.cli.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.core.wire.DropReason;
import org.junit.jupiter.api.Test;

class PrometheusFormatTest {
    /** A sample line of the 0.0.4 text format: name, optional labels, integer value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\""
                    + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\")*\\})? -?[0-9]+");

    static MetricsSnapshot sample() {
        Map<Counter, Long> carp0 = new EnumMap<>(Counter.class);
        Map<Counter, Long> carp1 = new EnumMap<>(Counter.class);
        Map<Counter, Long> total = new EnumMap<>(Counter.class);
        for (Counter c : Counter.values()) {
            carp0.put(c, 0L);
            carp1.put(c, 0L);
            total.put(c, 0L);
        }
        carp0.put(Counter.TRANSITIONS, 2L);
        carp0.put(Counter.IPV4_SENT, 41L);
        carp1.put(Counter.BAD_AUTH, 7L);
        total.put(Counter.BAD_AUTH, 7L);
        total.put(Counter.BAD_VHID, 20000L);
        total.put(Counter.TRANSITIONS, 3L);
        return new MetricsSnapshot(
                List.of(new VirtualHostStatus("carp0", "eth0", 1, CarpState.MASTER, 1, 0, 0, true, true, List.of()),
                        new VirtualHostStatus("carp1", "eth0.100", 42, CarpState.BACKUP, 1, 100, 5, true, true, List.of()),
                        new VirtualHostStatus("carp2", "eth1", 3, CarpState.INIT, 1, 0, 0, false, true, List.of())),
                Map.of("carp0", carp0, "carp1", carp1, "carp2", total.keySet().stream()
                        .collect(java.util.stream.Collectors.toMap(c -> c, c -> 0L))),
                total, Map.of("carp", 0, "dmz", 5), 12, false);
    }

    @Test
    void rendersStatesDemotionCountersAndGroups() {
        String text = PrometheusFormat.render(sample());
        List<String> lines = text.lines().toList();
        assertTrue(lines.contains("carpd_vhid_state{interface=\"carp0\",vhid=\"1\",carpdev=\"eth0\"} 2"), text);
        assertTrue(lines.contains("carpd_vhid_state{interface=\"carp1\",vhid=\"42\",carpdev=\"eth0.100\"} 1"), text);
        assertTrue(lines.contains("carpd_vhid_state{interface=\"carp2\",vhid=\"3\",carpdev=\"eth1\"} 0"), text);
        assertTrue(lines.contains("carpd_vhid_demote{interface=\"carp1\",vhid=\"42\",carpdev=\"eth0.100\"} 5"), text);
        assertTrue(lines.contains("carpd_transitions_total{interface=\"carp0\"} 2"), text);
        assertTrue(lines.contains("carpd_sent_total{interface=\"carp0\",family=\"ipv4\"} 41"), text);
        assertTrue(lines.contains("carpd_sent_total{interface=\"carp0\",family=\"ipv6\"} 0"), text);
        assertTrue(lines.contains("carpd_dropped_total{interface=\"carp1\",reason=\"bad_auth\"} 7"), text);
        assertTrue(lines.contains("carpd_host_dropped_total{reason=\"bad_vhid\"} 20000"), text);
        assertTrue(lines.contains("carpd_host_transitions_total 3"), text);
        assertTrue(lines.contains("carpd_group_demote{group=\"carp\"} 0"), text);
        assertTrue(lines.contains("carpd_group_demote{group=\"dmz\"} 5"), text);
        assertTrue(lines.contains("carpd_host_flood_drops_total 12"), text);
        assertTrue(lines.contains("# TYPE carpd_dropped_total counter"), text);
        assertTrue(lines.contains("# TYPE carpd_vhid_state gauge"), text);
    }

    @Test
    void everyLineIsValidExpositionAndEveryFamilyHasHelpAndTypeFirst() {
        String text = PrometheusFormat.render(sample());
        assertTrue(text.endsWith("\n"));
        String family = null;
        int families = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith("# HELP ")) {
                family = line.split(" ")[2];
                families++;
            } else if (line.startsWith("# TYPE ")) {
                assertEquals(family, line.split(" ")[2], line);
                assertTrue(line.endsWith(" counter") || line.endsWith(" gauge"), line);
            } else {
                assertTrue(SAMPLE.matcher(line).matches(), "not exposition format: " + line);
                assertTrue(line.startsWith(family + "{") || line.startsWith(family + " "), line + " under " + family);
            }
        }
        // state, demote, each counter metric per interface and for the host, groups, flood drops, maintenance
        assertEquals(2 + 2 * PrometheusFormat.metrics().size() + 1 + 1 + 1, families);
        // one sample per interface and variant
        assertEquals(3, text.lines().filter(l -> l.startsWith("carpd_dropped_total{") && l.contains("reason=\"bad_ttl\"")).count());
        assertEquals(3 * DropReason.values().length, text.lines().filter(l -> l.startsWith("carpd_dropped_total{")).count());
    }

    @Test
    void variantsAreLabelsOfOneMetricNotPartsOfItsName() {
        String text = PrometheusFormat.render(sample());
        List<String> names = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        for (String name : names) {
            assertTrue(!name.matches(".*(ipv4|ipv6|bad_|replay|own_packet).*"), "variant in the name: " + name);
            assertTrue(name.matches("carpd_[a-z_]+"), name);
        }
        for (DropReason r : DropReason.values()) {
            String reason = Counter.of(r).name().toLowerCase(java.util.Locale.ROOT);
            assertTrue(text.contains("carpd_host_dropped_total{reason=\"" + reason + "\"} "), reason);
        }
        assertTrue(text.contains("carpd_received_total{interface=\"carp2\",family=\"ipv6\"} 0"), text);
        assertTrue(text.contains("carpd_host_sent_total{family=\"ipv6\"} 0"), text);
        assertTrue(text.lines().toList().contains("carpd_maintenance 0"), text);
        assertTrue(text.lines().toList().contains("# TYPE carpd_maintenance gauge"), text);
    }

    @Test
    void escapesLabelValues() {
        assertEquals("a\\\\b\\\"c\\nd", PrometheusFormat.escape("a\\b\"c\nd"));
    }

    @Test
    void emptyDaemonStillRendersHostTotals() {
        Map<Counter, Long> zero = new EnumMap<>(Counter.class);
        String text = PrometheusFormat.render(new MetricsSnapshot(List.of(), Map.of(), zero, Map.of(), 0, true));
        assertTrue(text.lines().anyMatch(l -> l.equals("carpd_host_received_total{family=\"ipv4\"} 0")), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("carpd_host_flood_drops_total 0")), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("carpd_vhid_state")), text);
        assertTrue(text.lines().anyMatch(l -> l.equals("carpd_maintenance 1")), text);
    }
}
