package org.carpd.testing.sim;

import java.util.List;
import org.carpd.core.config.CarpInterfaceConfig;

/** The CARP implementations modelled beside carpd. */
public enum PeerKind {
    UCARP {
        @Override
        PeerNode create(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> c) {
            return new UcarpPeer(lan, name, index, preempt, c);
        }
    },
    FREEBSD {
        @Override
        PeerNode create(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> c) {
            return new FreeBsdPeer(lan, name, index, preempt, c);
        }
    },
    OPENBSD {
        @Override
        PeerNode create(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> c) {
            return new OpenBsdPeer(lan, name, index, preempt, c);
        }
    };

    abstract PeerNode create(SimulatedLan lan, String name, int index, boolean preempt, List<CarpInterfaceConfig> configs);
}
