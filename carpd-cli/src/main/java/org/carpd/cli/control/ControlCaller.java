package org.carpd.cli.control;

import java.util.OptionalLong;

import jdk.net.UnixDomainPrincipal;
import org.carpd.cli.posix.PasswdDatabase;

/**
 * Who sent a carpctl command, from the connection's SO_PEERCRED.
 *
 * @param user the user name (the uid as a number when it has no passwd entry)
 * @param uid  the user id, when it could be found
 */
public record ControlCaller(String user, OptionalLong uid) {

    /** The JDK gives SO_PEERCRED's uid as a name; the passwd database gives the number back. */
    static ControlCaller of(UnixDomainPrincipal peer) {
        String user = peer.user().getName();
        try {
            return new ControlCaller(user, PasswdDatabase.uid(user));
        } catch (RuntimeException | LinkageError e) { // no libc binding: the name alone still says who
            return new ControlCaller(user, OptionalLong.empty());
        }
    }

    /** For logs: {@code alice (uid 1000)}. */
    @Override
    public String toString() {
        return user + (uid.isPresent() ? " (uid " + uid.getAsLong() + ")" : " (uid unknown)");
    }
}
