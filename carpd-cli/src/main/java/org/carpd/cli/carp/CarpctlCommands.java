package org.carpd.cli.carp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.carpd.cli.control.ControlCaller;
import org.carpd.cli.control.ControlException;
import org.carpd.cli.control.ControlHandler;
import org.carpd.cli.control.ControlProtocol;
import org.carpd.cli.control.ControlReply;
import org.carpd.cli.control.ControlRequest;
import org.carpd.cli.track.TrackListing;
import org.carpd.cli.track.TrackerSet;
import org.carpd.core.config.CarpdConfig;
import org.carpd.core.config.ConfigEditor;
import org.carpd.core.config.ConfigException;
import org.carpd.core.config.ConfigWriter;
import org.carpd.core.engine.CarpEngine;
import org.carpd.core.engine.CarpState;
import org.carpd.core.engine.Counter;
import org.carpd.core.engine.VirtualHostStatus;
import org.carpd.net.host.CarpHost;
import org.carpd.net.host.HostUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CarpDaemon}'s carpctl commands, on control-socket threads: listings and stats, forced
 * states, group demotion, maintenance and sync, {@code watch}, and configuration edits, which go
 * through the daemon's one apply path.
 */
final class CarpctlCommands implements ControlHandler {
    private static final Logger LOG = LoggerFactory.getLogger("carpd");

    private final CarpHost host;
    private final TrackerSet trackers;
    private final MaintenanceMode maintenance;
    private final SyncHold sync;
    private final LinkLookup links;
    private final StateWatchers watchers;
    /** Maintenance mode and a held sync demotion, heading the listing. */
    private final Supplier<List<String>> notes;
    /** Held by reload too: an edit reads the running configuration and applies its change as one step. */
    private final Object edits;
    private final Apply apply;

    /** The daemon's apply path, shared with reload; called holding {@code edits}. */
    interface Apply {
        void apply(CarpdConfig next) throws ExecutionException, InterruptedException;
    }

    CarpctlCommands(CarpHost host, TrackerSet trackers, MaintenanceMode maintenance, SyncHold sync, LinkLookup links,
                    StateWatchers watchers, Supplier<List<String>> notes, Object edits, Apply apply) {
        this.host = host;
        this.trackers = trackers;
        this.maintenance = maintenance;
        this.sync = sync;
        this.links = links;
        this.watchers = watchers;
        this.notes = notes;
        this.edits = edits;
        this.apply = apply;
    }


    @Override
    public ControlReply handle(ControlRequest request, ControlCaller caller) {
        ControlReply reply = handle(request);
        CommandAudit.record(LOG, request, caller, reply);
        return reply;
    }

    @Override
    public ControlReply handle(ControlRequest request) {
        List<String> args = request.args();
        try {
            if (request.group().isPresent()) {
                return groupCommand(request.group().get(), args);
            }
            // carpctl's own words (stats, ...) cannot name an interface: the grammar reserves them.
            boolean oneInterface = args.size() == 1 && currentConfig().find(args.get(0)).isPresent();
            if (args.isEmpty() || args.equals(List.of("status")) || oneInterface) {
                // "carpctl carp0" shows that interface alone, as "ifconfig carp0" does.
                List<VirtualHostStatus> status = host.call(CarpEngine::status).stream()
                        .filter(st -> !oneInterface || st.name().equals(args.get(0))).toList();
                Map<String, String> failures = host.failures();
                BalancedListing balanced = BalancedListing.read(host);
                List<String> lines = new ArrayList<>(request.json()
                        ? List.of(Listing.interfacesJson(status, failures,
                                new Listing.Options(host.linkAddresses(), List.of(), maintenance.on(), balanced)))
                        : Listing.interfaces(status, failures,
                                new Listing.Options(host.linkAddresses(), notes.get(), false, balanced)));
                if (!request.json() && !oneInterface) {
                    lines.addAll(TrackListing.text(trackers.statuses()));
                }
                return ControlReply.ok(lines);
            }
            if (args.size() == 1 && !CommandTypos.COMMANDS.contains(args.get(0))) {
                return ControlReply.usage(CommandTypos.unknownWord(args.get(0)));
            }
            switch (args.get(0)) {
                case "track" -> {
                    return args.size() <= 2 ? TrackListing.reply(args, request.json(), trackers.statuses()) : edit(args);
                }
                case "stats" -> {
                    return stats(request.json(), args.size() > 1 && args.get(1).equals("-z"), args);
                }
                case "maintenance" -> {
                    return maintenance.command(args, request.json(), host);
                }
                case "sync" -> {
                    return sync.command(args, request.json());
                }
                case "show-config" -> {
                    if (args.size() > 1) {
                        return ControlReply.usage("usage: carpctl show-config");
                    }
                    String text = ConfigWriter.render(currentConfig());
                    List<String> lines = request.json()
                            ? List.of("{\"config\":" + Json.string(text) + "}") : List.of(text.split("\n"));
                    return ControlReply.ok(lines);
                }
                default -> {
                    if (args.size() == 3 && args.get(1).equals("state")) {
                        return forceState(args.get(0), args.get(2));
                    }
                    return edit(args);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HostUnavailableException) {
                return ControlReply.failure(cause.getMessage());
            }
            if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                return ControlReply.usage(cause.getMessage());
            }
            return ControlReply.failure(String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlReply.failure("interrupted");
        }
    }

    private ControlReply stats(boolean json, boolean zero, List<String> args) throws ExecutionException, InterruptedException {
        if (args.size() > 2 || args.size() == 2 && !zero) {
            return ControlReply.usage("usage: carpctl stats [-z]");
        }
        return host.call(e -> {
            Map<String, Map<Counter, Long>> per = new LinkedHashMap<>();
            e.status().forEach(s -> per.put(s.name(), e.counters(s.name()).snapshot()));
            Map<Counter, Long> total = e.totalCounters().snapshot();
            long floodDrops = host.floodDrops(zero);
            if (zero) {
                e.resetCounters();
            }
            return ControlReply.ok(json ? List.of(Listing.statsJson(per, total, floodDrops))
                    : Listing.stats(per, total, floodDrops));
        });
    }

    private ControlReply forceState(String name, String state) throws ExecutionException, InterruptedException {
        CarpState target = switch (state) {
            case "master" -> CarpState.MASTER;
            case "backup" -> CarpState.BACKUP;
            default -> null;
        };
        if (target == null) {
            return ControlReply.usage("carpctl: state must be master or backup, not '" + state + "'");
        }
        host.call(e -> {
            e.forceState(System.nanoTime(), name, target);
            return null;
        });
        return ControlReply.ok();
    }

    /** {@code carpctl -g GROUP carpdemote [N]}: adjusts the group's counter by N (default 1), as OpenBSD. */
    private ControlReply groupCommand(String group, List<String> args) throws ExecutionException, InterruptedException {
        if (args.isEmpty() || !args.get(0).equals("carpdemote") || args.size() > 2) {
            return ControlReply.usage("usage: carpctl -g GROUP carpdemote [N]");
        }
        int delta;
        try {
            delta = args.size() == 2 ? Integer.parseInt(args.get(1)) : 1;
        } catch (NumberFormatException e) {
            return ControlReply.usage("carpctl: carpdemote takes a number, not '" + args.get(1) + "'");
        }
        int value = host.call(e -> e.adjustGroupDemotion(System.nanoTime(), group, delta));
        return ControlReply.ok("group " + group + ": carpdemote " + value);
    }

    /** Anything else is a change in the configuration grammar, applied to the running config. */
    private ControlReply edit(List<String> args) throws ExecutionException, InterruptedException {
        if (args.contains("pass")) {
            // On carpctl's command line it would show in ps(1) and shell history.
            return ControlReply.usage("carpctl: give passphrases with pass-file FILE, not pass, so that they "
                    + "never show in ps or shell history");
        }
        synchronized (edits) {
            CarpdConfig current = currentConfig();
            CarpdConfig next;
            Optional<String> refusal;
            try {
                next = ConfigLoader.readKeysForOperator(ConfigEditor.apply(current, args));
                refusal = CarpdevCheck.refusal(current, next, links);
            } catch (ConfigException e) {
                return ControlReply.usage(current.find(args.get(0)).isPresent() ? e.getMessage()
                        : CommandTypos.grammarError(args.get(0), e.getMessage()));
            } catch (java.io.IOException e) {
                return ControlReply.usage(e.getMessage());
            }
            if (refusal.isPresent()) {
                return ControlReply.usage(refusal.get());
            }
            apply.apply(next);
            return ControlReply.ok();
        }
    }

    private CarpdConfig currentConfig() throws ExecutionException, InterruptedException {
        return host.call(CarpEngine::config);
    }

    @Override
    public AutoCloseable watch(ControlRequest request, Consumer<String> sink) throws ControlException {
        if (request.args().size() > 1) {
            throw new ControlException(ControlProtocol.STATUS_USAGE, "usage: carpctl [--json] watch");
        }
        return watchers.add(request.json(), sink);
    }
}
