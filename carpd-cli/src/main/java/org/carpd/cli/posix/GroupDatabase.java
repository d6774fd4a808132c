package org.carpd.cli.posix;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/**
 * Group lookups through libc's getgrnam, so NSS sources (files, sssd, ldap) all count.
 */
public final class GroupDatabase {
    private static final Object LOCK = new Object();

    private GroupDatabase() {
    }

    /** The explicit members of a group (not users whose primary group it is), or empty if no such group. */
    public static Optional<List<String>> members(String group) {
        synchronized (LOCK) {
            Pointer p = LibC.INSTANCE.getgrnam(group);
            if (p == null) {
                return Optional.empty();
            }
            Runtime runtime = Runtime.getRuntime(LibC.INSTANCE);
            GroupStruct gr = new GroupStruct(runtime);
            gr.useMemory(p);
            List<String> names = new ArrayList<>();
            Pointer mem = gr.grMem.get();
            for (int i = 0; mem != null; i++) {
                Pointer name = mem.getPointer((long) i * runtime.addressSize());
                if (name == null) {
                    break;
                }
                names.add(name.getString(0));
            }
            return Optional.of(List.copyOf(names));
        }
    }

    /** {@code struct group} from grp.h. */
    private static final class GroupStruct extends Struct {
        @SuppressWarnings("unused")
        final Pointer grName = new Pointer();
        @SuppressWarnings("unused")
        final Pointer grPasswd = new Pointer();
        @SuppressWarnings("unused")
        final gid_t grGid = new gid_t();
        final Pointer grMem = new Pointer();

        GroupStruct(Runtime runtime) {
            super(runtime);
        }
    }
}
