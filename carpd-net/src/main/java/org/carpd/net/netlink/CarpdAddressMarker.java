package org.carpd.net.netlink;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How carpd marks the addresses it configures so that they can be recognised after a crash.
 *
 * <p>Primary marker, both families: the address protocol attribute IFA_PROTO set to {@link #PROTOCOL}
 * (112, CARP's IP protocol number). Kernels before 5.18 ignore the attribute.
 *
 * <p>Secondary marker, IPv4 only: the label {@code <ifname>:carp} (or {@code <ifname>:c} when that
 * does not fit the kernel's 15 characters; no label at all for 14- and 15-character names).
 * It is only consulted on kernels without IFA_PROTO, because on newer kernels IFA_PROTO decides.
 *
 * <p>On a kernel without IFA_PROTO an IPv6 address carries no marker at all; carpd then cannot tell
 * its own IPv6 addresses from an operator's after a crash and leaves them alone
 * ({@link Ownership#UNKNOWN}).
 */
public final class CarpdAddressMarker {
    /** The IFA_PROTO value on every address carpd adds: 112, the IP protocol number of CARP. */
    public static final int PROTOCOL = 112;

    private static final int MAX_LABEL = Rtnl.IFNAMSIZ - 1;
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** Whose an address is, as far as the markers tell. */
    public enum Ownership { CARPD, FOREIGN, UNKNOWN }

    private final boolean kernelHasAddressProtocol;

    public CarpdAddressMarker(boolean kernelHasAddressProtocol) {
        this.kernelHasAddressProtocol = kernelHasAddressProtocol;
    }

    /** A marker for the running kernel, judged by /proc/sys/kernel/osrelease (IFA_PROTO from 5.18). */
    public static CarpdAddressMarker forRunningKernel() {
        String release;
        try {
            release = Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            release = "";
        }
        return new CarpdAddressMarker(supportsAddressProtocol(release));
    }

    /** True for kernel releases 5.18 and later ({@code "6.1.0-18-amd64"} style strings). */
    static boolean supportsAddressProtocol(String kernelRelease) {
        Matcher m = RELEASE.matcher(kernelRelease);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 5 || (major == 5 && minor >= 18);
    }

    public boolean kernelHasAddressProtocol() {
        return kernelHasAddressProtocol;
    }

    /** The IPv4 label carpd gives its addresses on {@code ifname}, if one fits. */
    public static Optional<String> labelFor(String ifname) {
        if (ifname.length() + ":carp".length() <= MAX_LABEL) {
            return Optional.of(ifname + ":carp");
        }
        if (ifname.length() + ":c".length() <= MAX_LABEL) {
            return Optional.of(ifname + ":c");
        }
        return Optional.empty();
    }

    /** Whose {@code address} on the interface called {@code ifname} is. */
    public Ownership ownership(InterfaceAddress address, String ifname) {
        if (kernelHasAddressProtocol) {
            return address.protocol().orElse(0) == PROTOCOL ? Ownership.CARPD : Ownership.FOREIGN;
        }
        if (address.address() instanceof Inet4Address) {
            Optional<String> ours = labelFor(ifname);
            if (ours.isEmpty()) {
                return Ownership.UNKNOWN;
            }
            return ours.equals(address.label()) ? Ownership.CARPD : Ownership.FOREIGN;
        }
        return Ownership.UNKNOWN;
    }
}
