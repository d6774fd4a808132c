package org.carpd.core.config;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies lines of the grammar, one after the other, to a configuration being built; shared by
 * {@link ConfigParser} (starting empty) and {@link ConfigEditor} (starting from the running
 * configuration). Lines naming the same carp interface amend it, like running ifconfig twice.
 * {@link #build()} then checks the whole.
 */
final class ConfigBuilder {
    private static final String CARP_PARAMETER = "a carp parameter (carpdev, vhid, carpnodes, balancing, advbase, advskew, "
            + "pass, pass-file, -pass, group, -group, up, down, on-master, on-backup, on-init, demote-mode, master-down,"
            + " carppeer, -carppeer, peer-min-ttl, lladdr, delete) or an address";
    private static final String SETTING = "a setting (preempt, replay, announce-repeat, on-master, "
            + "on-backup, on-init, -on-master, -on-backup, -on-init, metrics, rt-priority, sync-demote)";

    private final String sourceName;
    private boolean preempt;
    private ReplayPolicy replay;
    private int announceRepeat;
    private int rtPriority;
    private String onMaster;
    private String onBackup;
    private String onInit;
    private MetricsEndpoint metrics;
    private SyncDemote syncDemote;
    private final Map<String, InterfaceDraft> interfaces = new LinkedHashMap<>();
    private final TrackGrammar trackers;

    ConfigBuilder(String sourceName, CarpdConfig start) {
        this.sourceName = sourceName;
        GlobalConfig g = start.global();
        preempt = g.preempt();
        replay = g.replay();
        announceRepeat = g.announceRepeat();
        rtPriority = g.rtPriority();
        onMaster = g.hooks().onMaster().orElse(null);
        onBackup = g.hooks().onBackup().orElse(null);
        onInit = g.hooks().onInit().orElse(null);
        metrics = g.metrics().orElse(null);
        syncDemote = g.syncDemote();
        start.interfaces().forEach(i -> interfaces.put(i.name(), InterfaceDraft.of(i)));
        trackers = new TrackGrammar(start.trackers());
    }

    /** Applies one line; {@code line} is its number, used when the line has no words. */
    void apply(List<Word> words, int line) throws ConfigException {
        WordCursor in = new WordCursor(sourceName, words, line);
        Word first = in.next("a carp interface name, 'set' or 'track'");
        if (first.text().equals("set")) {
            applySetting(in);
        } else if (first.text().equals("track")) {
            trackers.apply(in);
        } else {
            applyInterface(first, in);
        }
    }

    private void applySetting(WordCursor in) throws ConfigException {
        Word key = in.next(SETTING);
        switch (key.text()) {
            case "preempt" -> preempt = ValueGrammar.onOff(in, "'on' or 'off' after 'preempt'");
            case "replay" -> {
                Word v = in.next("'strict', 'auto' or 'off' after 'replay'");
                replay = switch (v.text()) {
                    case "strict" -> ReplayPolicy.STRICT;
                    case "auto" -> ReplayPolicy.AUTO;
                    case "off" -> ReplayPolicy.OFF;
                    default -> throw in.unexpected(v, "'strict', 'auto' or 'off' after 'replay'");
                };
            }
            case "announce-repeat" -> announceRepeat = ValueGrammar.number(in, "a count 0..10 after 'announce-repeat'", 0, 10);
            case "on-master" -> onMaster = ValueGrammar.path(in, "on-master");
            case "on-backup" -> onBackup = ValueGrammar.path(in, "on-backup");
            case "on-init" -> onInit = ValueGrammar.path(in, "on-init");
            case "-on-master" -> onMaster = null;
            case "-on-backup" -> onBackup = null;
            case "-on-init" -> onInit = null;
            case "metrics" -> metrics = ValueGrammar.metrics(in);
            case "rt-priority" -> rtPriority = ValueGrammar.number(in, "a priority 0..99 after 'rt-priority' (0: normal scheduling)", 0, 99);
            case "sync-demote" -> syncDemote = ValueGrammar.syncDemote(in);
            default -> throw in.unexpected(key, SETTING);
        }
        in.expectEnd();
    }

    private void applyInterface(Word first, WordCursor in) throws ConfigException {
        String name = first.text();
        if (!Names.isCarpInterface(name)) {
            throw in.unexpected(first, "a carp interface name (" + Names.CARP_INTERFACE_RULE + "), 'set' or 'track'");
        }
        if (in.hasNext() && in.peek().text().equals("destroy")) {
            in.next("destroy");
            in.expectEnd();
            if (interfaces.remove(name) == null) {
                throw in.unexpected(first, "a configured carp interface before 'destroy'");
            }
            return;
        }
        if (!in.hasNext()) {
            throw in.atEnd(CARP_PARAMETER + " after '" + name + "'");
        }
        InterfaceDraft d = interfaces.computeIfAbsent(name, n -> new InterfaceDraft(n, first));
        if (d.origin == null) {
            d.origin = first;
        }
        while (in.hasNext()) {
            applyParameter(d, in.next(CARP_PARAMETER), in);
        }
    }

    private void applyParameter(InterfaceDraft d, Word w, WordCursor in) throws ConfigException {
        switch (w.text()) {
            case "carpdev" -> {
                Word v = in.next("an interface name after 'carpdev'");
                if (!Names.isDevice(v.text())) {
                    throw in.unexpected(v, "an interface name (" + Names.DEVICE_RULE + ") after 'carpdev'");
                }
                d.carpdev = v.text();
                d.carpdevWord = v;
            }
            case "vhid" -> {
                d.vhid = ValueGrammar.number(in, "a vhid 1..255", 1, 255);
                d.vhidWord = in.previous();
                exclusive(d, in, w, false);
            }
            case "advbase" -> d.advbase = ValueGrammar.number(in, "an advbase 0..254", 0, 254);
            case "advskew" -> {
                d.advskew = ValueGrammar.number(in, "an advskew 0..254", 0, 254);
                exclusive(d, in, w, false);
            }
            case "carpnodes" -> {
                Word v = in.next(CarpNodesSyntax.EXPECTED);
                d.carpnodes = CarpNodesSyntax.parse(v, in);
                d.carpnodesWord = v;
                exclusive(d, in, w, true);
            }
            case "balancing" -> {
                Word v = in.next(CarpNodesSyntax.EXPECTED_MODE);
                d.balancing = Balancing.Mode.ofWord(v.text());
                if (d.balancing == null) {
                    throw in.unexpected(v, CarpNodesSyntax.EXPECTED_MODE);
                }
                d.balancingWord = v;
            }
            case "pass" -> pass(d, w, in);
            case "pass-file" -> {
                if (d.inlinePass) {
                    throw in.at(w, "expected either 'pass' or 'pass-file' for " + d.name
                            + " ('-pass' removes the inline passphrase first), found 'pass-file'");
                }
                d.passFile = ValueGrammar.path(in, "pass-file");
                d.passphrase = Passphrase.EMPTY; // the daemon reads the file
            }
            case "-pass" -> {
                d.passFile = null;
                d.inlinePass = false;
                d.passphrase = Passphrase.EMPTY;
            }
            case "group" -> {
                Word v = in.next("a group name after 'group'");
                if (!Names.isGroup(v.text())) {
                    throw in.unexpected(v, "a group name (" + Names.GROUP_RULE + ")");
                }
                d.groups.add(v.text());
            }
            case "-group" -> {
                Word v = in.next("a group name after '-group'");
                if (v.text().equals(CarpInterfaceConfig.DEFAULT_GROUP)) {
                    throw in.unexpected(v, "a group other than 'carp' (every carp interface is in group carp)");
                }
                if (!d.groups.remove(v.text())) {
                    throw in.unexpected(v, "a group of " + d.name);
                }
            }
            case "up" -> d.up = true;
            case "down" -> d.up = false;
            case "on-master" -> d.onMaster = ValueGrammar.path(in, "on-master");
            case "on-backup" -> d.onBackup = ValueGrammar.path(in, "on-backup");
            case "on-init" -> d.onInit = ValueGrammar.path(in, "on-init");
            case "-on-master" -> d.onMaster = null;
            case "-on-backup" -> d.onBackup = null;
            case "-on-init" -> d.onInit = null;
            case "demote-mode" -> d.demoteMode = ValueGrammar.choice(in, "demote-mode", PeerCompat.DemoteMode.values());
            case "master-down" -> d.masterDown = ValueGrammar.choice(in, "master-down", PeerCompat.MasterDown.values());
            case "lladdr" -> lladdr(d, in);
            case "delete" -> delete(d, in);
            case "carppeer" -> PeerWords.add(d, in);
            case "-carppeer" -> PeerWords.remove(d, in);
            case "peer-min-ttl" -> {
                d.peerMinTtl = ValueGrammar.number(in, "a TTL 1..255 after 'peer-min-ttl'", 1, 255);
                d.peerMinTtlWord = w;
            }
            default -> addAddress(d, w, in);
        }
    }

    /**
     * {@code carpnodes} and {@code vhid}/{@code advskew} exclude each other within the text being
     * applied; against the running configuration the later one replaces the other (carpctl can
     * turn an interface into a balanced one and back).
     */
    private static void exclusive(InterfaceDraft d, WordCursor in, Word w, boolean nodes) throws ConfigException {
        Word other = nodes ? d.singleKeyword : d.carpnodesKeyword;
        if (!nodes && other == null && d.carpnodes != null && w.text().equals("advskew")) {
            throw in.at(w, "expected 'carpnodes VHID:ADVSKEW,...' to change the advskews of " + d.name
                    + " (each carpnode has its own), found 'advskew'");
        }
        if (nodes) {
            d.carpnodesKeyword = w;
        } else {
            d.singleKeyword = w;
        }
        if (other != null) {
            throw in.at(w, "expected either 'carpnodes' or 'vhid'/'advskew' for " + d.name + " (each carpnode has"
                    + " its own vhid and advskew), found '" + w.text() + "' after '" + other.text() + "'");
        }
        if (nodes) {
            d.vhid = null;
            d.advskew = CarpInterfaceConfig.DEFAULT_ADVSKEW;
        } else {
            d.carpnodes = null;
            d.balancing = null;
        }
    }

    private void pass(InterfaceDraft d, Word keyword, WordCursor in) throws ConfigException {
        if (d.passFile != null) {
            throw in.at(keyword, "expected either 'pass' or 'pass-file' for " + d.name
                    + " ('-pass' removes the pass-file first), found 'pass'");
        }
        // The passphrase is secret: the errors below describe it but never quote it.
        Word v = in.next("a passphrase after 'pass'");
        byte[] bytes = v.text().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            throw in.at(v, "expected a passphrase of 1.." + Passphrase.MAX_BYTES
                    + " bytes, found an empty one ('-pass' removes the passphrase)");
        }
        if (bytes.length > Passphrase.MAX_BYTES) {
            throw in.at(v, "expected a passphrase of at most " + Passphrase.MAX_BYTES
                    + " bytes, found a passphrase of " + bytes.length + " bytes (OpenBSD and FreeBSD cut"
                    + " longer keys to 19 bytes and ucarp refuses them, so no peer would match it)");
        }
        d.passphrase = Passphrase.of(bytes);
        d.inlinePass = true;
    }

    private void addAddress(InterfaceDraft d, Word w, WordCursor in) throws ConfigException {
        String text = w.text();
        boolean looksLikeAddress = text.indexOf(':') >= 0
                || (!text.isEmpty() && Character.isDigit(text.charAt(0)));
        if (!looksLikeAddress) {
            throw in.unexpected(w, CARP_PARAMETER);
        }
        VirtualAddress va;
        try {
            va = AddressLiteral.parse(text).toVirtualAddress();
        } catch (AddressLiteral.Invalid e) {
            throw in.unexpected(w, e.expected);
        }
        String problem = AddressLiteral.unicastProblem(va);
        if (problem != null) {
            throw in.at(w, "expected a unicast address, found '" + WordCursor.printable(text) + "' (" + problem + ")");
        }
        if (d.addresses.containsKey(va.address())) {
            throw in.unexpected(w, "an address not yet on " + d.name + " ('delete' it first to change its prefix)");
        }
        d.addresses.put(va.address(), new InterfaceDraft.AddressEntry(va, w));
    }

    private static void lladdr(InterfaceDraft d, WordCursor in) throws ConfigException {
        String expected = "'virtual', 'carpdev' or a unicast MAC address (XX:XX:XX:XX:XX:XX) after 'lladdr'";
        Word v = in.next(expected);
        d.lladdrWord = v;
        switch (v.text()) {
            case "virtual" -> d.lladdr = LinkAddress.VIRTUAL;
            case "carpdev" -> d.lladdr = LinkAddress.CARPDEV;
            default -> {
                if (!v.text().matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
                    throw in.unexpected(v, expected);
                }
                org.carpd.core.wire.MacAddress mac = org.carpd.core.wire.MacAddress.parse(v.text().toLowerCase(
                        java.util.Locale.ROOT));
                byte[] b = mac.toByteArray();
                if ((b[0] & 1) != 0 || java.util.Arrays.equals(b, new byte[6])) {
                    throw in.unexpected(v, expected + " (not multicast, not all zero)");
                }
                d.lladdr = LinkAddress.of(mac);
            }
        }
    }

    private void delete(InterfaceDraft d, WordCursor in) throws ConfigException {
        Word v = in.next("an address after 'delete'");
        AddressLiteral.Parsed parsed;
        try {
            parsed = AddressLiteral.parse(v.text());
        } catch (AddressLiteral.Invalid e) {
            throw in.unexpected(v, e.expected + " after 'delete'");
        }
        InterfaceDraft.AddressEntry entry = d.addresses.get(parsed.address());
        if (entry == null || (parsed.prefixGiven() && entry.address().prefixLength() != parsed.prefixLength())) {
            throw in.unexpected(v, "an address of " + d.name + " after 'delete'");
        }
        d.addresses.remove(parsed.address());
    }

    /** Checks the whole configuration and returns it. */
    CarpdConfig build() throws ConfigException {
        Map<String, InterfaceDraft> byVhid = new HashMap<>();
        Map<InetAddress, InterfaceDraft> byAddress = new HashMap<>();
        Map<String, InterfaceDraft> byMac = new HashMap<>();
        List<CarpInterfaceConfig> result = new ArrayList<>();
        for (InterfaceDraft d : interfaces.values()) {
            if (d.carpdev == null) {
                throw missing(d, "'carpdev NAME'");
            }
            if (d.vhid == null && d.carpnodes == null) {
                throw missing(d, "'vhid N' or 'carpnodes VHID:ADVSKEW,...'");
            }
            String balancingProblem = CarpNodesSyntax.balancingProblem(d);
            if (balancingProblem != null) {
                throw error(balancingProblem, d.balancingWord, d.carpnodesWord, d.origin);
            }
            if (d.carpnodes != null && d.carpnodes.size() > 1 && d.lladdrWord != null
                    && d.lladdr.mode() != LinkAddress.Mode.CARPDEV) {
                throw error("expected 'lladdr carpdev' or no lladdr on " + d.name + ", found 'lladdr "
                        + d.lladdr.word() + "' (a balanced interface answers with its shared MAC from the carpdev)",
                        d.lladdrWord, d.origin);
            }
            if (d.addresses.isEmpty()) {
                throw missing(d, "at least one address");
            }
            if (interfaces.containsKey(d.carpdev)) {
                throw error("expected a parent interface after 'carpdev', found carp interface '"
                        + d.carpdev + "'", d.carpdevWord, d.origin);
            }
            for (int vhid : CarpNodesSyntax.vhids(d)) {
                InterfaceDraft other = byVhid.putIfAbsent(d.carpdev + "\0" + vhid, d);
                if (other != null) {
                    throw error("expected each vhid once per carpdev, found vhid " + vhid + " on " + d.carpdev
                            + " for both " + other.name + " and " + d.name, d.vhidWord, d.carpnodesWord,
                            d.carpdevWord, other.vhidWord, other.carpnodesWord, other.carpdevWord, d.origin,
                            other.origin);
                }
            }
            String mac = d.carpnodes != null && d.carpnodes.size() > 1 ? null // balanced: no macvlan
                    : d.lladdr.mac(d.vhid != null ? d.vhid : d.carpnodes.get(0).vhid()).map(Object::toString).orElse(null);
            InterfaceDraft sameMac = mac == null ? null : byMac.putIfAbsent(d.carpdev + "\0" + mac, d);
            if (sameMac != null) {
                throw error("expected each lladdr once per carpdev (each is a macvlan on it), found " + mac
                        + " on " + d.carpdev + " for both " + sameMac.name + " and " + d.name,
                        d.lladdrWord, d.vhidWord, sameMac.lladdrWord, sameMac.vhidWord, d.origin, sameMac.origin);
            }
            for (InterfaceDraft.AddressEntry e : d.addresses.values()) {
                InterfaceDraft owner = byAddress.putIfAbsent(e.address().address(), d);
                if (owner != null) {
                    Word otherWord = owner.addresses.get(e.address().address()).word();
                    throw error("expected each address on one carp interface only, found "
                            + AddressLiteral.format(e.address().address()) + " on both " + owner.name
                            + " and " + d.name, e.word(), otherWord, d.origin, owner.origin);
                }
            }
            result.add(d.toConfig());
        }
        for (InterfaceDraft d : interfaces.values()) {
            PeerWords.check(d, byAddress.keySet(), sourceName);
        }
        Hooks hooks = new Hooks(Optional.ofNullable(onMaster), Optional.ofNullable(onBackup),
                Optional.ofNullable(onInit));
        java.util.Set<String> groupsInUse = new java.util.HashSet<>();
        result.forEach(c -> groupsInUse.addAll(c.groups()));
        return new CarpdConfig(new GlobalConfig(preempt, replay, announceRepeat, hooks,
                Optional.ofNullable(metrics), rtPriority, syncDemote), result, trackers.build(groupsInUse, sourceName));
    }

    private ConfigException missing(InterfaceDraft d, String what) {
        return error("expected " + what + " for " + d.name + ", found none", d.origin);
    }

    /** An error at the first known word; at 1:1 if the problem lies only in the running configuration. */
    private ConfigException error(String reason, Word... candidates) {
        for (Word w : candidates) {
            if (w != null) {
                return new ConfigException(sourceName, w.line(), w.column(), reason);
            }
        }
        return new ConfigException(sourceName, 1, 1, reason);
    }
}
