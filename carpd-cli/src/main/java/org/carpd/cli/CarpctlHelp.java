package org.carpd.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The commands section of {@code carpctl --help}: the daemon's commands are plain words, not
 * picocli subcommands, so picocli would list only {@code decode}.
 */
final class CarpctlHelp {
    static final String SECTION = "daemonCommands";

    /** The daemon's commands, as {@code carpctl --help} lists them: usage, then what it does. */
    static final List<String[]> DAEMON_COMMANDS = List.of(
            new String[] {"status", "every carp interface, ifconfig-like (the default)"},
            new String[] {"NAME", "one carp interface"},
            new String[] {"stats [-z]", "packet and state counters (-z: then reset them)"},
            new String[] {"show-config", "the running configuration (carpd.conf(5) grammar)"},
            new String[] {"watch", "one line per state transition, until interrupted"},
            new String[] {"NAME state master|backup", "force a carp interface's state"},
            new String[] {"-g GROUP carpdemote [N]", "adjust a group's demotion counter"},
            new String[] {"track [NAME]", "health trackers: state, last result, demotion held"},
            new String[] {"track NAME WORD...", "add, replace or (destroy) a tracker (carpd.conf(5))"},
            new String[] {"maintenance [on|off]", "drain this node: every vhid BACKUP (kept across restarts)"},
            new String[] {"sync [done]", "the demotion held until the state tables are synchronised"},
            new String[] {"set SETTING VALUE", "change a global setting"},
            new String[] {"NAME WORD...", "change or create a carp interface (carpd.conf(5))"});

    private CarpctlHelp() {
    }

    /** Adds the daemon's commands before picocli's list of local subcommands. */
    static void addDaemonCommands(CommandLine cl) {
        UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        usage.commandListHeading("%nCommands run by carpctl itself:%n");
        cl.getHelpSectionMap().put(SECTION, help -> {
            StringBuilder s = new StringBuilder(String.format("%nCommands run by the daemon:%n"));
            for (String[] c : DAEMON_COMMANDS) {
                s.append(String.format("  %-26s %s%n", c[0], c[1]));
            }
            return s.toString();
        });
        List<String> keys = new ArrayList<>(cl.getHelpSectionKeys());
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING), SECTION);
        cl.setHelpSectionKeys(keys);
    }
}
