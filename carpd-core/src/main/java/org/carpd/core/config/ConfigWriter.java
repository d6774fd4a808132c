package org.carpd.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prints a configuration in the file grammar, ready to save: every setting explicit, one line per
 * interface followed by one line per address. A passphrase is never printed: a pass-file is
 * printed as {@code pass-file PATH}, an inline passphrase only as a comment saying one is set.
 */
public final class ConfigWriter {
    private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z0-9_./:@+=,%~-]+");

    private ConfigWriter() {
    }

    public static String render(CarpdConfig config) {
        StringBuilder out = new StringBuilder();
        out.append("# carpd configuration\n");
        GlobalConfig g = config.global();
        out.append("set preempt ").append(g.preempt() ? "on" : "off").append('\n');
        out.append("set replay ").append(g.replay().name().toLowerCase(Locale.ROOT)).append('\n');
        out.append("set announce-repeat ").append(g.announceRepeat()).append('\n');
        hook(out, "set on-master", g.hooks().onMaster());
        hook(out, "set on-backup", g.hooks().onBackup());
        hook(out, "set on-init", g.hooks().onInit());
        out.append("set metrics ").append(g.metrics().map(MetricsEndpoint::toString).orElse("off")).append('\n');
        if (g.rtPriority() != GlobalConfig.DEFAULT_RT_PRIORITY) {
            out.append("set rt-priority ").append(g.rtPriority()).append('\n');
        }
        out.append("set sync-demote ").append(g.syncDemote()).append('\n');
        for (CarpInterfaceConfig c : config.interfaces()) {
            out.append('\n');
            if (c.passFile().isEmpty() && c.passphrase() != null && !c.passphrase().isEmpty()) {
                out.append("# ").append(c.name()).append(": an inline passphrase is set but not shown;"
                        + " add 'pass WORD' below or use pass-file\n");
            }
            List<String> words = new ArrayList<>(List.of(c.name(), "carpdev", c.carpdev()));
            if (c.balancing().balanced()) {
                words.addAll(List.of("carpnodes", c.balancing().nodesText(), "balancing", c.balancing().mode().word(),
                        "advbase", Integer.toString(c.advbase())));
            } else {
                words.addAll(List.of("vhid", Integer.toString(c.vhid()), "advbase", Integer.toString(c.advbase()),
                        "advskew", Integer.toString(c.advskew())));
            }
            c.passFile().ifPresent(p -> words.addAll(List.of("pass-file", p)));
            c.groups().stream().filter(gr -> !gr.equals(CarpInterfaceConfig.DEFAULT_GROUP))
                    .forEach(gr -> words.addAll(List.of("group", gr)));
            words.addAll(List.of("demote-mode", c.compat().demoteMode().name().toLowerCase(Locale.ROOT),
                    "master-down", c.compat().masterDown().name().toLowerCase(Locale.ROOT)));
            words.addAll(List.of("lladdr", c.lladdr().word()));
            words.add(c.up() ? "up" : "down");
            c.hooks().onMaster().ifPresent(p -> words.addAll(List.of("on-master", p)));
            c.hooks().onBackup().ifPresent(p -> words.addAll(List.of("on-backup", p)));
            c.hooks().onInit().ifPresent(p -> words.addAll(List.of("on-init", p)));
            line(out, words);
            for (VirtualAddress a : c.addresses()) {
                line(out, List.of(c.name(), AddressLiteral.format(a)));
            }
            for (java.net.InetAddress p : c.peers().addresses()) {
                line(out, List.of(c.name(), "carppeer", AddressLiteral.format(p)));
            }
            if (!c.peers().isEmpty()) {
                line(out, List.of(c.name(), "peer-min-ttl", Integer.toString(c.peers().minTtl())));
            }
        }
        if (!config.trackers().isEmpty()) {
            out.append('\n');
        }
        for (TrackConfig t : config.trackers()) {
            line(out, trackWords(t));
        }
        return out.toString();
    }

    /** {@code track NAME KIND ARG [options] demote GROUP WEIGHT...}, every option explicit. */
    static List<String> trackWords(TrackConfig t) {
        List<String> words = new ArrayList<>(List.of("track", t.name()));
        if (t.check() instanceof TrackConfig.Carrier c) {
            words.addAll(List.of("interface", c.device()));
        } else if (t.check() instanceof TrackConfig.Script s) {
            words.addAll(List.of("script", String.join(" ", s.command()),
                    "interval", Integer.toString(s.interval()), "timeout", Integer.toString(s.timeout()),
                    "rise", Integer.toString(s.rise()), "fall", Integer.toString(s.fall())));
        } else if (t.check() instanceof TrackConfig.File f) {
            words.addAll(List.of("file", f.path(), "interval", Integer.toString(f.interval())));
        }
        t.demote().forEach((group, weight) -> words.addAll(List.of("demote", group, Integer.toString(weight))));
        return words;
    }

    private static void hook(StringBuilder out, String prefix, Optional<String> path) {
        path.ifPresent(p -> out.append(prefix).append(' ').append(quote(p)).append('\n'));
    }

    private static void line(StringBuilder out, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            out.append(i == 0 ? "" : " ").append(quote(words.get(i)));
        }
        out.append('\n');
    }

    /** A word as the lexer reads it back: bare if safe, else in quotes with \ and " escaped. */
    static String quote(String word) {
        if (BARE_WORD.matcher(word).matches()) {
            return word;
        }
        if (word.chars().anyMatch(ch -> ch == '\n' || ch == '\r')) {
            throw new IllegalArgumentException("a line break cannot be written in the configuration grammar");
        }
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
