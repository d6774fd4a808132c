package org.carpd.cli.lab;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carpd.testing.lab.NetnsLab;

/**
 * The end of a lab test, in one order for all: what the test opened towards the daemons (sockets,
 * servers), the helper processes it started (carpd-notify), the carpd nodes, and last the lab's
 * namespaces, which are deleted even when closing something before them failed.
 */
final class LabTeardown {
    private LabTeardown() {
    }

    static void close(List<? extends AutoCloseable> opened, List<Process> processes, List<CarpdNode> nodes,
                      NetnsLab lab) throws Exception {
        try {
            for (AutoCloseable c : opened) {
                c.close();
            }
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            for (CarpdNode n : nodes) {
                n.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }
}
