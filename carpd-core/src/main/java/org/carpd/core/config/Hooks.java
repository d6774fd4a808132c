package org.carpd.core.config;

import java.util.Optional;

/** Executables run on state changes; each may be absent. Paths are not checked here. */
public record Hooks(Optional<String> onMaster, Optional<String> onBackup, Optional<String> onInit) {
    public static final Hooks NONE = new Hooks(Optional.empty(), Optional.empty(), Optional.empty());
}
