package org.carpd.cli.posix;

import java.util.OptionalLong;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;

/** User lookups through libc's getpwnam, so NSS sources (files, sssd, ldap) all count. */
public final class PasswdDatabase {
    private static final Object LOCK = new Object();

    /** getpwnam alone, kept out of {@link LibC}. */
    public interface Passwd {
        /** Returns a {@code struct passwd *} or null; not thread-safe (static buffer), callers lock. */
        Pointer getpwnam(String name);
    }

    private static final Passwd LIBC = LibraryLoader.create(Passwd.class).load("c");

    private PasswdDatabase() {
    }

    /** The uid of {@code user}; a name that is a number (a uid without passwd entry) is that uid. */
    public static OptionalLong uid(String user) {
        if (user.matches("\\d{1,10}")) {
            return OptionalLong.of(Long.parseLong(user));
        }
        synchronized (LOCK) {
            Pointer p = LIBC.getpwnam(user);
            if (p == null) {
                return OptionalLong.empty();
            }
            PasswdStruct pw = new PasswdStruct(Runtime.getRuntime(LIBC));
            pw.useMemory(p);
            return OptionalLong.of(pw.pwUid.get());
        }
    }

    /** The start of {@code struct passwd} from pwd.h. */
    private static final class PasswdStruct extends Struct {
        @SuppressWarnings("unused")
        final Pointer pwName = new Pointer();
        @SuppressWarnings("unused")
        final Pointer pwPasswd = new Pointer();
        final uid_t pwUid = new uid_t();

        PasswdStruct(Runtime runtime) {
            super(runtime);
        }
    }
}
