package org.carpd.cli.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.carpd.testing.lab.NetnsLab;

/**
 * A TCP stream from the lab's client through a {@link NatFirewallPair} to its server: 1000 bytes
 * every 10 ms. {@code received}: bytes the server got; {@code failure}: what went wrong on either
 * side (a reset, an end of stream); {@code serverSawPeer}: the source address after the NAT.
 */
record NatStream(AtomicLong received, AtomicReference<Throwable> failure, InetAddress serverSawPeer) {

    /** Opens the stream on {@code port}; its sockets go to {@code sockets} to be closed by the test. */
    static NatStream open(NetnsLab lab, int port, List<AutoCloseable> sockets) throws Exception {
        ServerSocket listener = lab.host(3).runInNamespace(
                () -> new ServerSocket(port, 1, InetAddress.getByName(NatFirewallPair.SERVER)));
        sockets.add(listener);
        Socket client = lab.client().runInNamespace(() -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(NatFirewallPair.SERVER, port), 5000);
            return s;
        });
        sockets.add(client);
        Socket accepted = listener.accept();
        sockets.add(accepted);
        AtomicLong received = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            byte[] chunk = new byte[1000];
            try (OutputStream out = client.getOutputStream()) {
                while (!client.isClosed()) {
                    out.write(chunk);
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                if (!client.isClosed()) {
                    failure.compareAndSet(null, e);
                }
            }
        }, "nat-stream-writer");
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[65536];
            try (InputStream in = accepted.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received.addAndGet(n);
                }
                failure.compareAndSet(null, new IOException("server saw end of stream"));
            } catch (IOException e) {
                if (!accepted.isClosed()) {
                    failure.compareAndSet(null, e);
                }
            }
        }, "nat-stream-reader");
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
        return new NatStream(received, failure, accepted.getInetAddress());
    }
}
