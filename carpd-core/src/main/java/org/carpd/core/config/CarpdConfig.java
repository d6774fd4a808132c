package org.carpd.core.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole carpd configuration: global settings, the carp interfaces and the health trackers, in
 * file order. The engine carries the trackers along (show-config prints them) but never reads them.
 */
public record CarpdConfig(GlobalConfig global, List<CarpInterfaceConfig> interfaces, List<TrackConfig> trackers) {
    public static final CarpdConfig EMPTY = new CarpdConfig(GlobalConfig.DEFAULTS, List.of());

    public CarpdConfig {
        interfaces = List.copyOf(interfaces);
        trackers = List.copyOf(trackers);
    }

    /** A configuration without trackers. */
    public CarpdConfig(GlobalConfig global, List<CarpInterfaceConfig> interfaces) {
        this(global, interfaces, List.of());
    }

    public CarpdConfig withTrackers(List<TrackConfig> next) {
        return new CarpdConfig(global, interfaces, next);
    }

    public Optional<CarpInterfaceConfig> find(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
