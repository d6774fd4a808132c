package org.carpd.testing.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Partitions and packet loss in the lab switch, with nftables. Bridged frames bypass iptables
 * (the lab turns br_netfilter off), so the rules live in a {@code bridge} family table
 * ({@code carpdlab}) whose forward chain sees each frame once per output port: a rule
 * {@code iifname "h1" oifname "h2"} cuts exactly the h1-to-h2 direction, multicast included.
 * Loss uses {@code numgen random} (this kernel has no netem). Every rule counts what it drops;
 * {@link #droppedPackets()} sums them, so a test can prove its partition really bit.
 *
 * <p>The whole chain is rewritten on each change ({@code nft -f}, atomic).
 */
public final class SwitchFirewall {
    private static final String TABLE = "carpdlab";
    private static final Pattern PACKETS = Pattern.compile("counter packets (\\d+)");

    private final NetnsLab lab;
    private final List<String> rules = new ArrayList<>();
    private long droppedBefore;

    private SwitchFirewall(NetnsLab lab) {
        this.lab = lab;
    }

    /** Creates the (empty) table and chain in the lab's switch namespace; needs {@code nft}. */
    public static SwitchFirewall install(NetnsLab lab) {
        SwitchFirewall fw = new SwitchFirewall(lab);
        fw.load("table bridge " + TABLE + " {\n  chain forward {\n    type filter hook forward priority 0; policy accept;\n  }\n}\n");
        return fw;
    }

    /** True if the {@code nft} command is installed. */
    public static boolean available() {
        try {
            return Commands.run(Commands.DEFAULT_TIMEOUT, List.of("nft", "--version")).ok();
        } catch (LabException e) {
            return false;
        }
    }

    /** Drops CARP (IP protocol 112, IPv4 and IPv6) between every host of {@code a} and every host of {@code b}, both ways. */
    public synchronized void partitionCarp(Collection<LabHost> a, Collection<LabHost> b) {
        for (LabHost x : a) {
            for (LabHost y : b) {
                carpBetween(x, y);
                carpBetween(y, x);
            }
        }
        apply();
    }

    /** Drops all traffic between every host of {@code a} and every host of {@code b}, both ways. */
    public synchronized void cut(Collection<LabHost> a, Collection<LabHost> b) {
        for (LabHost x : a) {
            for (LabHost y : b) {
                rules.add(ports(x, y) + " counter drop");
                rules.add(ports(y, x) + " counter drop");
            }
        }
        apply();
    }

    /** Drops {@code percent}% of the CARP packets {@code from} sends (to every port), at random. */
    public synchronized void carpLoss(LabHost from, int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100, not " + percent);
        }
        String in = "iifname \"" + from.switchPort() + "\"";
        String dice = percent == 100 ? "" : " numgen random mod 100 < " + percent; // nft: at most "< 99"
        if (percent > 0) {
            rules.add(in + " ip protocol 112" + dice + " counter drop");
            rules.add(in + " ip6 nexthdr 112" + dice + " counter drop");
        }
        apply();
    }

    /** Removes every rule: the switch forwards everything again. */
    public synchronized void heal() {
        rules.clear();
        apply();
    }

    /** The rules in force, as nft statements. */
    public synchronized List<String> rules() {
        return List.copyOf(rules);
    }

    /** Packets dropped by this firewall's rules since {@link #install}, across heals. */
    public synchronized long droppedPackets() {
        return droppedBefore + currentCounters();
    }

    private void carpBetween(LabHost from, LabHost to) {
        rules.add(ports(from, to) + " ip protocol 112 counter drop");
        rules.add(ports(from, to) + " ip6 nexthdr 112 counter drop");
    }

    private static String ports(LabHost from, LabHost to) {
        return "iifname \"" + from.switchPort() + "\" oifname \"" + to.switchPort() + "\"";
    }

    private void apply() {
        droppedBefore += currentCounters();
        StringBuilder sb = new StringBuilder("flush chain bridge " + TABLE + " forward\n");
        for (String r : rules) {
            sb.append("add rule bridge ").append(TABLE).append(" forward ").append(r).append('\n');
        }
        load(sb.toString());
    }

    private long currentCounters() {
        ExecResult r = Commands.run(Commands.DEFAULT_TIMEOUT,
                List.of("ip", "netns", "exec", lab.switchNetns(), "nft", "list", "chain", "bridge", TABLE, "forward"));
        long sum = 0;
        Matcher m = PACKETS.matcher(r.output());
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private void load(String script) {
        lab.checkOpen();
        Path file = null;
        try {
            file = Files.createTempFile("carpdlab-nft", ".nft");
            Files.writeString(file, script);
            Commands.run(Commands.DEFAULT_TIMEOUT,
                    List.of("ip", "netns", "exec", lab.switchNetns(), "nft", "-f", file.toString())).requireSuccess();
        } catch (IOException e) {
            throw new LabException("cannot write an nft script: " + e.getMessage(), e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
