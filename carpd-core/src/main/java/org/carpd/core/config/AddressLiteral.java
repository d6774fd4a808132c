package org.carpd.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Parses and prints address literals ({@code 198.51.100.10/24}, {@code 2001:db8::10/64}) without
 * ever asking DNS: the text is parsed here into bytes and only then handed to
 * {@link InetAddress#getByAddress(byte[])}.
 */
final class AddressLiteral {
    /** An address with the prefix length as written, or -1 when none was written. */
    record Parsed(InetAddress address, int prefixLength) {
        boolean prefixGiven() {
            return prefixLength >= 0;
        }

        /** A bare IPv4 address is a /32, a bare IPv6 address a /128 (as {@code ip addr add}). */
        VirtualAddress toVirtualAddress() {
            int prefix = prefixGiven() ? prefixLength : maxPrefix(address);
            return new VirtualAddress(address, prefix);
        }
    }

    /** Why a word is not an acceptable address; {@code expected} completes "expected ...". */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final String expected;

        Invalid(String expected) {
            super(expected, null, false, false);
            this.expected = expected;
        }
    }

    static final String SYNTAX = "an IPv4 or IPv6 address with an optional /PREFIX";

    private AddressLiteral() {
    }

    static Parsed parse(String text) throws Invalid {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        if (addressText.indexOf('%') >= 0) {
            throw new Invalid("an address without a %zone (the carpdev is the zone)");
        }
        byte[] bytes = addressText.indexOf(':') >= 0 ? ipv6(addressText) : ipv4(addressText);
        if (bytes == null) {
            throw new Invalid(SYNTAX);
        }
        if (bytes.length == 16 && isIpv4Mapped(bytes)) {
            // getByAddress would silently turn these into IPv4 addresses.
            throw new Invalid("an IPv6 address that is not IPv4-mapped (write IPv4 as a.b.c.d)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
        int prefix = -1;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            int max = maxPrefix(address);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > max) {
                throw new Invalid("a prefix length 1.." + max + " after '/'");
            }
            prefix = Integer.parseInt(p);
        }
        return new Parsed(address, prefix);
    }

    /**
     * Null if the address may be a virtual address, else why not. Refused: unspecified, loopback,
     * multicast, 0.0.0.0/8, 240.0.0.0/4 (reserved, includes 255.255.255.255), the network and
     * broadcast address of an IPv4 subnet up to /30, and the subnet-router anycast address of an
     * IPv6 prefix up to /126. IPv4 and IPv6 link-local addresses are allowed.
     */
    static String unicastProblem(VirtualAddress va) {
        byte[] b = va.address().getAddress();
        int prefix = va.prefixLength();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            if (first == 0) {
                return "in 0.0.0.0/8 ('this network')";
            }
            if (first == 127) {
                return "loopback";
            }
            if (first >= 224 && first <= 239) {
                return "multicast";
            }
            if (first >= 240) {
                return first == 255 && allBits(b, 0, true) ? "broadcast" : "reserved (240.0.0.0/4)";
            }
            if (prefix <= 30 && allBits(b, prefix, false)) {
                return "the network address of its /" + prefix;
            }
            if (prefix <= 30 && allBits(b, prefix, true)) {
                return "the broadcast address of its /" + prefix;
            }
            return null;
        }
        if (allBits(b, 0, false)) {
            return "unspecified";
        }
        if (isLoopback6(b)) {
            return "loopback";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "multicast";
        }
        if (prefix <= 126 && allBits(b, prefix, false)) {
            return "the subnet-router anycast address of its /" + prefix;
        }
        return null;
    }

    /** RFC 5952 text: lower case, leading zeros dropped, the longest run of zero groups as "::". */
    static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    static String format(VirtualAddress va) {
        return format(va.address()) + "/" + va.prefixLength();
    }

    static int maxPrefix(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    /** Dotted quad, four decimal parts 0..255, no leading zeros (inet_aton would read them as octal). */
    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
                return null;
            }
            out[i] = (byte) Integer.parseInt(p);
        }
        return out;
    }

    /** RFC 4291 text form: up to 8 hex groups, at most one "::", optionally a dotted quad at the end. */
    private static byte[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(s, true) : groups(s.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, 8 - tail.length, tail.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    private static int[] groups(String s, boolean mayEndInIpv4) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
            } else if (p.matches("[0-9A-Fa-f]{1,4}")) {
                out[n++] = Integer.parseInt(p, 16);
            } else {
                return null;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static boolean isLoopback6(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }

    /** Whether every bit from {@code fromBit} to the end is one (or zero). */
    private static boolean allBits(byte[] b, int fromBit, boolean ones) {
        for (int bit = fromBit; bit < b.length * 8; bit++) {
            boolean set = (b[bit / 8] & (0x80 >> (bit % 8))) != 0;
            if (set != ones) {
                return false;
            }
        }
        return true;
    }
}
