package org.carpd.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Where carpd serves Prometheus metrics ({@code set metrics 127.0.0.1:9512}). Only loopback
 * addresses are accepted: the endpoint has no authentication, so it must not face the network.
 *
 * @param address a loopback address (127.0.0.0/8 or ::1)
 * @param port    1..65535
 */
public record MetricsEndpoint(InetAddress address, int port) {
    private static final String SYNTAX = "a loopback address and port (127.0.0.1:9512 or [::1]:9512) or 'off'"
            + " after 'metrics'";

    public MetricsEndpoint {
        Objects.requireNonNull(address, "address");
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("metrics address must be loopback: " + address.getHostAddress());
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 1..65535: " + port);
        }
    }

    /** Reads {@code A.B.C.D:PORT} or {@code [::1]:PORT}; the error says what was expected. */
    static MetricsEndpoint parse(String text) throws AddressLiteral.Invalid {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new AddressLiteral.Invalid(SYNTAX);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.indexOf(':');
            if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
                throw new AddressLiteral.Invalid(SYNTAX);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        boolean bracketed = text.startsWith("[");
        if (host.isEmpty() || host.indexOf('/') >= 0 || bracketed != host.indexOf(':') >= 0) {
            throw new AddressLiteral.Invalid(SYNTAX);
        }
        InetAddress address;
        try {
            address = AddressLiteral.parse(host).address();
        } catch (AddressLiteral.Invalid e) {
            throw new AddressLiteral.Invalid(SYNTAX);
        }
        if (!address.isLoopbackAddress()) {
            throw new AddressLiteral.Invalid("a loopback address (127.0.0.0/8 or [::1]) before the port;"
                    + " the metrics endpoint has no authentication");
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new AddressLiteral.Invalid("a port 1..65535 after the address");
        }
        return new MetricsEndpoint(address, Integer.parseInt(port));
    }

    /** {@code 127.0.0.1:9512} or {@code [::1]:9512}, as the grammar reads it. */
    @Override
    public String toString() {
        String host = AddressLiteral.format(address);
        return (address instanceof Inet4Address ? host : "[" + host + "]") + ":" + port;
    }
}
