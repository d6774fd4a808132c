package org.carpd.cli.carp;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.engine.Action;

/** The {@code carpctl watch} clients: each gets one line, text or JSON, per state transition. */
final class StateWatchers {
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

    private record Watcher(boolean json, Consumer<String> sink) {
    }

    /** Adds a client until the returned handle is closed. */
    AutoCloseable add(boolean json, Consumer<String> sink) {
        Watcher w = new Watcher(json, sink);
        watchers.add(w);
        return () -> watchers.remove(w);
    }

    /** Tells every client about {@code change}; on the protocol thread. */
    void stateChanged(Action.StateChanged change, CarpdConfig config) {
        String time = Instant.now().toString();
        String addresses = config.find(change.carpInterface()).stream().flatMap(c -> c.addresses().stream())
                .map(a -> Json.string(a.toString())).collect(java.util.stream.Collectors.joining(",", "[", "]"));
        for (Watcher w : watchers) {
            w.sink.accept(w.json
                    ? "{\"time\":" + Json.string(time) + ",\"interface\":" + Json.string(change.carpInterface())
                    + ",\"vhid\":" + change.vhid() + ",\"from\":" + Json.string(change.from().name())
                    + ",\"to\":" + Json.string(change.to().name()) + ",\"reason\":"
                    + Json.string(change.reason().text()) + ",\"addresses\":" + addresses + "}"
                    : time + " " + change.carpInterface() + " vhid " + change.vhid() + " " + change.from()
                    + " -> " + change.to() + " (" + change.reason().text() + ")");
        }
    }
}
