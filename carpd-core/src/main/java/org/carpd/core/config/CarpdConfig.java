package org.carpd.core.config;

import java.util.List;
import java.util.Optional;

/** A whole carpd configuration: global settings and the carp interfaces, in file order. */
public record CarpdConfig(GlobalConfig global, List<CarpInterfaceConfig> interfaces) {
    public static final CarpdConfig EMPTY = new CarpdConfig(GlobalConfig.DEFAULTS, List.of());

    public CarpdConfig {
        interfaces = List.copyOf(interfaces);
    }

    public Optional<CarpInterfaceConfig> find(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
