package org.carpd.net.host;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ipv6ForwardingTest {
    @TempDir
    Path conf;

    private Ipv6Forwarding write(String ifname, String content) throws Exception {
        Files.createDirectories(conf.resolve(ifname));
        Files.writeString(conf.resolve(ifname).resolve("forwarding"), content);
        return new Ipv6Forwarding(conf, ifname);
    }

    @Test
    void readsTheInterfacesOwnSettingEachTime() throws Exception {
        Ipv6Forwarding eth0 = write("eth0", "1\n");
        write("eth1", "0\n");
        assertTrue(eth0.getAsBoolean());
        assertFalse(new Ipv6Forwarding(conf, "eth1").getAsBoolean(), "the other interface's value");
        Files.writeString(conf.resolve("eth0").resolve("forwarding"), "0\n");
        assertFalse(eth0.getAsBoolean(), "changed while running");
    }

    @Test
    void missingOrGarbledMeansNotARouter() throws Exception {
        assertFalse(new Ipv6Forwarding(conf, "eth9").getAsBoolean(), "no such interface or IPv6 disabled");
        assertFalse(write("eth2", "").getAsBoolean());
        assertFalse(write("eth3", "yes\n").getAsBoolean());
    }
}
