package org.carpd.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one benchmark case does. The failover scenarios start a master (h1) and a backup (h2),
 * probe the virtual address from the client at 1 kHz and then hurt the master; {@link #FOOTPRINT}
 * runs one daemon alone and reads its memory.
 */
enum Scenario {
    PLANNED("planned", "SIGTERM the master; advbase 1, advskew 0 vs 100", 1, 0, 100, Fault.SIGTERM, 10,
            List.of(Daemon.CARPD, Daemon.UCARP, Daemon.KEEPALIVED)),
    UNPLANNED("unplanned", "cut the master's link; advbase 1, advskew 0 vs 100", 1, 0, 100, Fault.LINK_CUT, 10,
            List.of(Daemon.CARPD, Daemon.UCARP, Daemon.KEEPALIVED)),
    UNPLANNED_FAST("unplanned-fast", "cut the master's link; advbase 0, advskew 1 vs 2", 0, 1, 2, Fault.LINK_CUT, 5,
            List.of(Daemon.CARPD)),
    FOOTPRINT("footprint", "one idle daemon alone (master), 1 vhid; carpd also with 255 vhids", 1, 0, 0, Fault.NONE, 0,
            List.of(Daemon.CARPD, Daemon.UCARP, Daemon.KEEPALIVED));

    /** How the master is hurt. */
    enum Fault { SIGTERM, LINK_CUT, NONE }

    /** The probe runs this long before the fault. */
    static final Duration LEAD = Duration.ofMillis(1000);
    static final Duration PROBE_INTERVAL = Duration.ofMillis(1);

    final String id;
    final String description;
    final int advbase;
    final int masterSkew;
    final int backupSkew;
    final Fault fault;
    /** At most this long (s) for the backup to take over after the fault. */
    final int takeoverSeconds;
    final List<Daemon> daemons;

    Scenario(String id, String description, int advbase, int masterSkew, int backupSkew, Fault fault,
             int takeoverSeconds, List<Daemon> daemons) {
        this.id = id;
        this.description = description;
        this.advbase = advbase;
        this.masterSkew = masterSkew;
        this.backupSkew = backupSkew;
        this.fault = fault;
        this.takeoverSeconds = takeoverSeconds;
        this.daemons = daemons;
    }

    static Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no scenario '" + id + "'; scenarios: planned, unplanned, unplanned-fast, footprint");
    }

    /** One advertisement interval of a node with {@code skew}, in ms (CARP: advbase + advskew/256 s). */
    double advertMillis(int skew) {
        return 1000.0 * (advbase + skew / 256.0);
    }

    /** carpd's master-down interval for the backup: 3 advertisement intervals. */
    double backupMasterDownMillis() {
        return 3 * advertMillis(backupSkew);
    }

    /** The issue-13 target for carpd's outage in this scenario, as text, or "" when there is none. */
    String carpdTarget() {
        return switch (this) {
            case PLANNED -> "every run loses no probe or <= 2 ms";
            case UNPLANNED -> String.format(java.util.Locale.ROOT, "every run <= bound + 20 = %.0f ms", backupMasterDownMillis() + 20);
            case UNPLANNED_FAST -> String.format(java.util.Locale.ROOT, "median <= bound + 5 = %.0f ms", backupMasterDownMillis() + 5);
            case FOOTPRINT -> "RSS <= 48 MB (1 vhid), <= 56 MB (255 vhids)";
        };
    }

    /** Whether carpd's runs meet {@link #carpdTarget()}. */
    boolean carpdMeets(List<Trace> runs) {
        if (runs.isEmpty()) {
            return false;
        }
        List<Double> sortedMillis = runs.stream().map(Trace::outageMillis).sorted().toList();
        double max = sortedMillis.get(sortedMillis.size() - 1);
        return switch (this) {
            case PLANNED -> runs.stream().allMatch(t -> t.lostAfterFault() == 0 || t.outageMillis() <= 2);
            case UNPLANNED -> max <= backupMasterDownMillis() + 20;
            case UNPLANNED_FAST -> Stats.median(sortedMillis) <= backupMasterDownMillis() + 5;
            case FOOTPRINT -> throw new IllegalStateException("footprint targets are per vhid count");
        };
    }
}
