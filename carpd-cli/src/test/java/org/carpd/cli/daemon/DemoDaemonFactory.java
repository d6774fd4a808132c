package org.carpd.cli.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.carpd.cli.control.ControlReply;

/**
 * Test stand-in for the real daemon: its "configuration" is bad when the file contains "bad";
 * "status" answers with the reload count. Registered as a service only in demo-daemon/.
 */
public final class DemoDaemonFactory implements DaemonFactory {
    @Override
    public String check(Path configFile) throws Exception {
        read(configFile);
        return "demo configuration";
    }

    @Override
    public Daemon start(DaemonContext context) throws Exception {
        read(context.configFile());
        context.status().accept("demo running");
        return new Daemon() {
            private volatile int reloads;

            @Override
            public org.carpd.cli.control.ControlHandler controlHandler() {
                return request -> request.command().equals("status")
                        ? ControlReply.ok("demo ok, reloads=" + reloads + ", group=" + request.group().orElse("-"))
                        : ControlReply.usage("unknown command: " + request.command());
            }

            @Override
            public void reload() throws Exception {
                read(context.configFile());
                reloads++;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void read(Path file) throws IOException {
        if (Files.readString(file).contains("bad")) {
            throw new IOException(file + ": line 1: bad configuration");
        }
    }
}
