package org.carpd.cli.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.carpd.testing.lab.LabHost;

/**
 * A TCP server per lab host, on one port of every address of the host (wildcard, both families):
 * it answers each connection with the host's name, then echoes every line; it counts accepts.
 */
final class NameServers implements AutoCloseable {
    private final int port;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final AtomicInteger accepts = new AtomicInteger();

    NameServers(int port) {
        this.port = port;
    }

    /** Connections accepted by all servers so far. */
    int accepts() {
        return accepts.get();
    }

    void start(LabHost host) throws Exception {
        String name = host.name();
        ServerSocket server = host.runInNamespace(() -> {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName("::"), port), 256);
            return s;
        });
        servers.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket conn = server.accept();
                    accepts.incrementAndGet();
                    Thread t = new Thread(() -> serve(conn, name), "name-conn-" + name);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "name-server-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void serve(Socket conn, String name) {
        try (conn) {
            OutputStream out = conn.getOutputStream();
            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = reader(conn);
            conn.setSoTimeout(60_000);
            String line;
            while ((line = in.readLine()) != null) {
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket s : servers) {
            s.close();
        }
    }
}
