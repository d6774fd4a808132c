package org.carpd.cli.posix;

import java.util.OptionalLong;

import org.carpd.net.ffi.LibC;
import org.carpd.net.ffi.NativeMemory;

/** User lookups through libc's getpwnam, so NSS sources (files, sssd, ldap) all count. */
public final class PasswdDatabase {
    private static final Object LOCK = new Object();
    /** {@code struct passwd}: pw_name, pw_passwd, then pw_uid. */
    private static final int PW_UID = 2 * NativeMemory.ADDRESS_SIZE;

    private PasswdDatabase() {
    }

    /** The uid of {@code user}; a name that is a number (a uid without passwd entry) is that uid. */
    public static OptionalLong uid(String user) {
        if (user.matches("\\d{1,10}")) {
            return OptionalLong.of(Long.parseLong(user));
        }
        synchronized (LOCK) {
            long pw = LibC.INSTANCE.getpwnam(user);
            if (pw == 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Integer.toUnsignedLong(NativeMemory.intAt(pw + PW_UID)));
        }
    }
}
