package org.carpd.cli.lab;

import java.nio.file.Path;
import org.carpd.testing.lab.NetnsLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh namespace lab with two carpd nodes (h1, h2) and the client for each test, torn down
 * afterwards whatever happened: daemons first, then the namespaces.
 */
abstract class TwoNodeLabTest {
    @TempDir
    Path tmp;

    NetnsLab lab;
    CarpdNode n1;
    CarpdNode n2;

    /** Builds the lab and the two nodes; skips the test (with the reason) without namespaces. */
    void createLab() throws Exception {
        NetnsLab.assumeAvailable();
        lab = NetnsLab.create(2);
        n1 = new CarpdNode(lab.host(1), tmp);
        n2 = new CarpdNode(lab.host(2), tmp);
    }

    @AfterEach
    void tearDownLab() throws Exception {
        try {
            if (n1 != null) {
                n1.close();
            }
            if (n2 != null) {
                n2.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }
}
