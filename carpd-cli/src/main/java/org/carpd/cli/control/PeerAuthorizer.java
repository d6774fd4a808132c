package org.carpd.cli.control;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jdk.net.UnixDomainPrincipal;
import org.carpd.cli.posix.GroupDatabase;

/**
 * Decides whether a connected peer (from SO_PEERCRED) may use the control socket: root, the
 * daemon's own user, and members of the control group (primary or supplementary via the group
 * database) are allowed. The socket file's mode (0660, group = control group) already keeps
 * others out; this check is the second wall, in case the file mode is loosened by hand.
 */
public final class PeerAuthorizer {
    public static final String DEFAULT_GROUP = "carpd";

    private final String group;
    private final String daemonUser;
    private final Function<String, Optional<List<String>>> groupMembers;

    /**
     * @param group        control group name
     * @param daemonUser   the user the daemon runs as
     * @param groupMembers explicit members of a group by name (empty if it does not exist)
     */
    public PeerAuthorizer(String group, String daemonUser, Function<String, Optional<List<String>>> groupMembers) {
        this.group = group;
        this.daemonUser = daemonUser;
        this.groupMembers = groupMembers;
    }

    /** For {@code group}, as the current user, with libc's group database. */
    public static PeerAuthorizer forGroup(String group) {
        return new PeerAuthorizer(group, System.getProperty("user.name"), GroupDatabase::members);
    }

    /** The reason to refuse this peer, or empty when it is allowed. */
    public Optional<String> refusal(UnixDomainPrincipal peer) {
        String user = peer.user().getName();
        String primaryGroup = peer.group().getName();
        // The JDK names a uid without a passwd entry by its number.
        boolean root = user.equals("root") || user.equals("0");
        if (root || user.equals(daemonUser) || primaryGroup.equals(group)
                || groupMembers.apply(group).map(m -> m.contains(user)).orElse(false)) {
            return Optional.empty();
        }
        return Optional.of("permission denied: user " + user + " is not root and not a member of group "
                + group + " (add it with: usermod -aG " + group + " " + user + ")");
    }

    public String group() {
        return group;
    }
}
