package org.carpd.testing.netns;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.carpd.testing.lab.NamespaceEntry;

/**
 * A dedicated thread inside a named network namespace ({@code /var/run/netns/NAME}). setns(2)
 * moves only the calling thread, so the rest of the JVM stays in its own namespace; sockets opened
 * from this thread (netlink, pcap, Java sockets) belong to the namespace for their whole life and
 * may then be used from any thread. The thread is never reused for anything else and ends on close.
 */
public final class NetnsThread implements AutoCloseable {
    private final String namespace;
    private final ExecutorService executor;

    private NetnsThread(String namespace, ExecutorService executor) {
        this.namespace = namespace;
        this.executor = executor;
    }

    /** Starts the thread and moves it into {@code namespace}; fails if that is not possible. */
    public static NetnsThread enter(String namespace) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + namespace);
            t.setDaemon(true);
            return t;
        });
        NetnsThread thread = new NetnsThread(namespace, executor);
        try {
            thread.call(() -> {
                NamespaceEntry.enter(namespace);
                return null;
            });
        } catch (Exception e) {
            executor.shutdownNow();
            throw e;
        }
        return thread;
    }

    /** Runs {@code task} once on a fresh thread inside {@code namespace}. */
    public static <T> T call(String namespace, Callable<T> task) throws Exception {
        try (NetnsThread thread = enter(namespace)) {
            return thread.call(task);
        }
    }

    /** Runs {@code task} on this namespace thread and returns its result; its exception is rethrown. */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return executor.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

}
