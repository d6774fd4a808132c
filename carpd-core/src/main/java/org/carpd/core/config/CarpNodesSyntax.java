package org.carpd.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The words of load balancing: {@code carpnodes 1:0,2:100} and {@code balancing ip|ip-unicast|ip-stealth|none}. */
final class CarpNodesSyntax {
    static final String EXPECTED = "carpnodes as VHID:ADVSKEW,... (vhid 1..255, advskew 0..254, at most "
            + Balancing.MAX_NODES + ", each vhid once) after 'carpnodes'";
    static final String EXPECTED_MODE = "'ip', 'ip-unicast', 'ip-stealth' or 'none' after 'balancing'";

    private CarpNodesSyntax() {
    }

    static List<Balancing.CarpNode> parse(Word w, WordCursor in) throws ConfigException {
        String[] parts = w.text().split(",", -1);
        if (parts.length > Balancing.MAX_NODES) {
            throw in.unexpected(w, EXPECTED);
        }
        List<Balancing.CarpNode> nodes = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}:[0-9]{1,3}")) {
                throw in.unexpected(w, EXPECTED);
            }
            int colon = part.indexOf(':');
            int vhid = Integer.parseInt(part.substring(0, colon));
            int skew = Integer.parseInt(part.substring(colon + 1));
            if (vhid < 1 || vhid > 255 || skew > 254 || !seen.add(vhid)) {
                throw in.unexpected(w, EXPECTED);
            }
            nodes.add(new Balancing.CarpNode(vhid, skew));
        }
        return nodes;
    }

    /** Why the draft's balancing cannot be, or null. */
    static String balancingProblem(InterfaceDraft d) {
        Balancing.Mode mode = d.balancing;
        if (d.carpnodes == null) {
            return mode != null && mode != Balancing.Mode.NONE
                    ? "expected 'carpnodes' with at least two carpnodes for 'balancing " + mode.word() + "' on "
                            + d.name + ", found one vhid" : null;
        }
        if (d.carpnodes.size() > 1 && mode == Balancing.Mode.NONE) {
            return "expected 'balancing ip', 'ip-unicast' or 'ip-stealth' for " + d.name + " with "
                    + d.carpnodes.size() + " carpnodes, found 'balancing none' (carpd has no carpnodes"
                    + " without load balancing; use 'vhid N' for failover only)";
        }
        if (d.carpnodes.size() == 1 && mode != null && mode != Balancing.Mode.NONE) {
            return "expected at least two carpnodes for 'balancing " + mode.word() + "' on " + d.name
                    + ", found one";
        }
        return null;
    }

    /** Every vhid the draft elects in. */
    static List<Integer> vhids(InterfaceDraft d) {
        if (d.carpnodes == null) {
            return List.of(d.vhid);
        }
        return d.carpnodes.stream().map(Balancing.CarpNode::vhid).toList();
    }
}
