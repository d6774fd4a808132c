package org.carpd.cli.posix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.carpd.net.ffi.LibC;
import org.carpd.net.ffi.NativeFunction;
import org.carpd.net.ffi.NativeMemory;

/**
 * Group lookups through libc's getgrnam, so NSS sources (files, sssd, ldap) all count.
 */
public final class GroupDatabase {
    private static final Object LOCK = new Object();
    /** {@code struct group}: gr_name, gr_passwd, gr_gid (an int, padded to a pointer), gr_mem. */
    private static final int GR_MEM = 2 * NativeMemory.ADDRESS_SIZE + Math.max(4, NativeMemory.ADDRESS_SIZE);

    private GroupDatabase() {
    }

    /** The explicit members of a group (not users whose primary group it is), or empty if no such group. */
    public static Optional<List<String>> members(String group) {
        synchronized (LOCK) {
            long gr = LibC.INSTANCE.getgrnam(group);
            if (gr == 0) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            long mem = NativeMemory.addressAt(gr + GR_MEM);
            for (int i = 0; mem != 0; i++) {
                long name = NativeMemory.addressAt(mem + (long) i * NativeMemory.ADDRESS_SIZE);
                if (name == 0) {
                    break;
                }
                names.add(NativeFunction.string(name));
            }
            return Optional.of(List.copyOf(names));
        }
    }
}
