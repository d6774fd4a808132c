package org.carpd.core.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A carp interface while its lines are being applied: mutable, possibly incomplete, and
 * remembering which word set what so that validation errors can point at it. A word is null
 * when the value came from the running configuration rather than from the text being applied.
 */
final class InterfaceDraft {
    /** An address and the word that added it. */
    record AddressEntry(VirtualAddress address, Word word) {
    }

    final String name;
    Word origin;
    String carpdev;
    Word carpdevWord;
    Integer vhid;
    Word vhidWord;
    /** The last 'vhid' or 'advskew' and the last 'carpnodes' keyword of the text being applied. */
    Word singleKeyword;
    Word carpnodesKeyword;
    /** The carpnodes (null: none, the interface has one vhid) and the words that set them. */
    List<Balancing.CarpNode> carpnodes;
    Word carpnodesWord;
    Balancing.Mode balancing;
    Word balancingWord;
    int advbase = CarpInterfaceConfig.DEFAULT_ADVBASE;
    int advskew = CarpInterfaceConfig.DEFAULT_ADVSKEW;
    Passphrase passphrase = Passphrase.EMPTY;
    boolean inlinePass;
    String passFile;
    final Map<InetAddress, AddressEntry> addresses = new LinkedHashMap<>();
    final Set<String> groups = new LinkedHashSet<>(List.of(CarpInterfaceConfig.DEFAULT_GROUP));
    boolean up = true;
    String onMaster;
    String onBackup;
    String onInit;
    PeerCompat.DemoteMode demoteMode = PeerCompat.DEFAULT.demoteMode();
    PeerCompat.MasterDown masterDown = PeerCompat.DEFAULT.masterDown();
    /** Unicast peers and the word that added each (null: from the running configuration). */
    final Map<InetAddress, Word> peers = new LinkedHashMap<>();
    int peerMinTtl = UnicastPeers.DEFAULT_MIN_TTL;
    Word peerMinTtlWord;
    LinkAddress lladdr = LinkAddress.DEFAULT;
    Word lladdrWord;

    InterfaceDraft(String name, Word origin) {
        this.name = name;
        this.origin = origin;
    }

    static InterfaceDraft of(CarpInterfaceConfig c) {
        InterfaceDraft d = new InterfaceDraft(c.name(), null);
        d.carpdev = c.carpdev();
        d.vhid = c.vhid();
        d.advbase = c.advbase();
        d.advskew = c.advskew();
        d.passphrase = c.passphrase() == null ? Passphrase.EMPTY : c.passphrase();
        d.passFile = c.passFile().orElse(null);
        d.inlinePass = d.passFile == null && !d.passphrase.isEmpty();
        c.addresses().forEach(a -> d.addresses.put(a.address(), new AddressEntry(a, null)));
        d.groups.addAll(c.groups());
        d.up = c.up();
        d.onMaster = c.hooks().onMaster().orElse(null);
        d.onBackup = c.hooks().onBackup().orElse(null);
        d.onInit = c.hooks().onInit().orElse(null);
        if (c.balancing().balanced()) {
            d.carpnodes = new ArrayList<>(c.balancing().nodes());
            d.balancing = c.balancing().mode();
            d.vhid = null;
        }
        d.demoteMode = c.compat().demoteMode();
        d.masterDown = c.compat().masterDown();
        c.peers().addresses().forEach(p -> d.peers.put(p, null));
        d.peerMinTtl = c.peers().minTtl();
        d.lladdr = c.lladdr();
        return d;
    }

    /** Only for a draft that passed validation (carpdev and vhid or carpnodes set). */
    CarpInterfaceConfig toConfig() {
        List<VirtualAddress> list = new ArrayList<>();
        addresses.values().forEach(e -> list.add(e.address()));
        Hooks hooks = new Hooks(Optional.ofNullable(onMaster), Optional.ofNullable(onBackup),
                Optional.ofNullable(onInit));
        CarpInterfaceConfig c = new CarpInterfaceConfig(name, carpdev, vhid == null ? carpnodes.get(0).vhid() : vhid,
                advbase, advskew, passphrase, Optional.ofNullable(passFile), list, List.copyOf(groups), up, hooks,
                new PeerCompat(demoteMode, masterDown),
                new UnicastPeers(List.copyOf(peers.keySet()), peerMinTtl), lladdr);
        if (carpnodes == null) {
            return c;
        }
        Balancing.Mode mode = balancing != null ? balancing
                : carpnodes.size() > 1 ? Balancing.Mode.IP : Balancing.Mode.NONE;
        if (mode == Balancing.Mode.NONE) { // one carpnode without balancing: an ordinary vhid, as OpenBSD
            return c.forNode(carpnodes.get(0));
        }
        // A balanced interface answers with its shared MAC from the carpdev: no macvlan of its own.
        return c.withLladdr(LinkAddress.CARPDEV).withBalancing(new Balancing(mode, carpnodes));
    }
}
