package org.carpd.net.host;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.carpd.core.config.VirtualAddress;
import org.carpd.net.netlink.Errno;
import org.carpd.net.netlink.NetlinkException;
import org.carpd.net.netlink.RouteNetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and removes the virtual addresses the engine asks for and remembers, per carp interface,
 * the last change that failed (carpctl shows it as FAILED) until the addresses are right again.
 * Protocol thread only, except {@link #failures()}.
 *
 * <p>A removal that finds the address already gone succeeds: the kernel flushes IPv6 addresses
 * when a link goes administratively down, and every address when the link is deleted. A removal
 * that really failed leaves the address on the host, so it stays visible, even after its carp
 * interface was destroyed, until a later change succeeds or the address disappears (an address
 * event says so: someone removed it by hand, or its link went away).
 */
final class AddressKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(AddressKeeper.class);

    /** The netlink calls used; a seam for tests. */
    interface Ops {
        void add(int ifindex, VirtualAddress a) throws NetlinkException;

        void remove(int ifindex, VirtualAddress a) throws NetlinkException;

        /**
         * The addresses (with prefix length) of every interface, by ifindex (interfaces without
         * any may be absent): one dump, which is all the kernel offers even for one interface.
         */
        Map<Integer, Set<VirtualAddress>> addressesByInterface() throws NetlinkException;

        static Ops of(RouteNetlink netlink) {
            return of(netlink, ifindex -> -1);
        }

        /** {@code routeMetric} gives the metric of the subnet route per interface (-1: the kernel's). */
        static Ops of(RouteNetlink netlink, java.util.function.IntUnaryOperator routeMetric) {
            return new Ops() {
                @Override
                public void add(int ifindex, VirtualAddress a) throws NetlinkException {
                    netlink.addAddress(ifindex, a.address(), a.prefixLength(), routeMetric.applyAsInt(ifindex));
                }

                @Override
                public void remove(int ifindex, VirtualAddress a) throws NetlinkException {
                    netlink.removeAddress(ifindex, a.address(), a.prefixLength());
                }

                @Override
                public Map<Integer, Set<VirtualAddress>> addressesByInterface() throws NetlinkException {
                    Map<Integer, Set<VirtualAddress>> out = new HashMap<>();
                    netlink.addresses().forEach(x -> out.computeIfAbsent(x.ifindex(), i -> new HashSet<>())
                            .add(new VirtualAddress(x.address(), x.prefixLength())));
                    return out;
                }
            };
        }
    }

    /** Addresses a failed removal left on interface {@code ifindex}. */
    private record Leftover(int ifindex, Set<VirtualAddress> addresses) {
    }

    private final Ops ops;
    private final HostListener listener;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, Leftover> leftovers = new HashMap<>();
    /** IPv6 addresses added here that the kernel has not reported usable yet, with their ifindex. */
    private final Map<InetAddress, Integer> unconfirmed = new HashMap<>();

    AddressKeeper(Ops ops, HostListener listener) {
        this.ops = ops;
        this.listener = listener;
    }

    /** Carp interfaces whose addresses are not as their state says, with the error; any thread. */
    Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /**
     * Adds or removes {@code addresses} of {@code carpInterface} on interface {@code ifindex};
     * {@code ifindex} is null when the carpdev was never opened (nothing of ours can be there).
     */
    void change(String carpdev, Integer ifindex, String carpInterface, List<VirtualAddress> addresses, boolean add) {
        if (ifindex == null) {
            if (add) {
                fail(carpInterface, "carpdev " + carpdev + " is not open");
            } else {
                succeeded(carpInterface);
            }
            return;
        }
        String failure = null;
        Set<VirtualAddress> left = new LinkedHashSet<>();
        for (VirtualAddress a : addresses) {
            try {
                if (add) {
                    ops.add(ifindex, a);
                    added(ifindex, a);
                } else {
                    ops.remove(ifindex, a);
                    unconfirmed.remove(a.address());
                }
            } catch (NetlinkException e) {
                if (!add && alreadyGone(e)) {
                    LOG.debug("{}: {} was already gone from {}: {}", carpInterface, a, carpdev, e.getMessage());
                    continue;
                }
                failure = e.getMessage();
                listener.ioFailed(carpInterface, failure);
                if (!add) {
                    left.add(a);
                }
            }
        }
        if (failure == null) {
            succeeded(carpInterface);
        } else {
            failures.put(carpInterface, failure);
            if (left.isEmpty()) {
                leftovers.remove(carpInterface);
            } else {
                leftovers.put(carpInterface, new Leftover(ifindex, left));
            }
        }
    }

    /** EADDRNOTAVAIL: the interface lacks it; ENODEV: the interface is gone, and its addresses with it. */
    static boolean alreadyGone(NetlinkException e) {
        return e.errno() == Errno.EADDRNOTAVAIL || e.errno() == Errno.ENODEV;
    }

    /**
     * Puts back {@code a}, found missing, on interface {@code ifindex} (someone removed a MASTER's
     * address); true if it was re-added. An address that is back by now is left alone.
     */
    boolean restore(String carpInterface, int ifindex, VirtualAddress a) {
        try {
            ops.add(ifindex, a);
            added(ifindex, a);
            if (!leftovers.containsKey(carpInterface)) {
                failures.remove(carpInterface); // as any address change that succeeds; a leftover still stands
            }
            return true;
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EEXIST) {
                fail(carpInterface, "cannot restore " + a + ": " + e.getMessage());
            }
            return false;
        }
    }

    private void added(int ifindex, VirtualAddress a) {
        if (a.address() instanceof Inet6Address) {
            unconfirmed.put(a.address(), ifindex);
        }
    }

    /**
     * True while IPv6 address {@code a}, added here, has not been reported by the kernel: Linux
     * takes an IPv6 address at once (even with nodad) but inserts its local route, and reports
     * it (RTM_NEWADDR), only later from its addrconf work queue; until then packets to it are
     * dropped. Some milliseconds on a busy host.
     */
    boolean awaitingKernel(InetAddress a) {
        return unconfirmed.containsKey(a);
    }

    /** The kernel reported {@code a} (RTM_NEWADDR, not tentative): it is usable. */
    void addressReported(InetAddress a) {
        unconfirmed.remove(a);
    }

    /** Address events were lost: reports cannot be waited for. */
    void forgetUnconfirmed() {
        unconfirmed.clear();
    }

    /** The addresses of every interface, by ifindex; null if they cannot be read (reported). */
    Map<Integer, Set<VirtualAddress>> presentByInterface() {
        try {
            return ops.addressesByInterface();
        } catch (NetlinkException e) {
            listener.ioFailed(null, "cannot read the addresses: " + e.getMessage());
            return null;
        }
    }

    /** An address left interface {@code ifindex} (RTM_DELADDR): a leftover of a failed removal is gone. */
    void addressRemoved(int ifindex, InetAddress address, int prefixLength) {
        VirtualAddress gone = new VirtualAddress(address, prefixLength);
        unconfirmed.remove(address);
        leftovers.entrySet().removeIf(e -> {
            Leftover l = e.getValue();
            if (l.ifindex() != ifindex || !l.addresses().remove(gone) || !l.addresses().isEmpty()) {
                return false;
            }
            failures.remove(e.getKey());
            LOG.info("{}: {} is gone from the host after all; no longer failed", e.getKey(), gone);
            return true;
        });
    }

    /** Interface {@code ifindex} was deleted, and every address on it. */
    void interfaceGone(int ifindex) {
        unconfirmed.values().removeIf(i -> i == ifindex);
        leftovers.entrySet().removeIf(e -> {
            if (e.getValue().ifindex() != ifindex) {
                return false;
            }
            failures.remove(e.getKey());
            return true;
        });
    }

    /**
     * After a configuration change: forgets the failures of carp interfaces that are gone, except
     * failed removals, whose addresses are still on the host.
     */
    void retain(Set<String> carpInterfaces) {
        failures.keySet().removeIf(name -> !carpInterfaces.contains(name) && !leftovers.containsKey(name));
    }

    /** Shows {@code carpInterface} as FAILED with {@code message} (logged) until a later change succeeds. */
    void markFailed(String carpInterface, String message) {
        fail(carpInterface, message);
    }

    private void succeeded(String carpInterface) {
        failures.remove(carpInterface);
        leftovers.remove(carpInterface);
    }

    private void fail(String carpInterface, String message) {
        failures.put(carpInterface, message);
        listener.ioFailed(carpInterface, message);
    }
}
