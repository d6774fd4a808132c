package org.carpd.cli.carp;

import java.nio.file.Path;
import java.util.List;
import org.carpd.cli.daemon.Daemon;
import org.carpd.cli.daemon.DaemonContext;
import org.carpd.cli.daemon.DaemonFactory;
import org.carpd.core.config.CarpdConfig;

/** The real daemon, found by CarpdMain through {@link java.util.ServiceLoader}. */
public final class CarpDaemonFactory implements DaemonFactory {
    @Override
    public String check(Path configFile) throws Exception {
        CarpdConfig config = ConfigLoader.load(configFile);
        List<String> hooks = ConfigLoader.hookProblems(configFile, config);
        if (!hooks.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", hooks));
        }
        long addresses = config.interfaces().stream().mapToLong(c -> c.addresses().size()).sum();
        return config.interfaces().size() + " carp interfaces, " + addresses + " addresses";
    }

    @Override
    public Daemon start(DaemonContext context) throws Exception {
        return CarpDaemon.start(context);
    }
}
