package org.carpd.cli.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key that someone other than root or carpd's user could replace is refused, however it is reached. */
class KeyFileTrustTest {
    private static final String KEY = "k3y-Secret";

    @TempDir
    Path tmp;
    private int me;
    private KeyFileTrust trust;

    @BeforeEach
    void setUp() throws Exception {
        me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        trust = new KeyFileTrust(me == 0 ? Set.of(0) : Set.of(0, me));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    }

    private Path key(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path k = dir.resolve("carp0.key");
        Files.writeString(k, KEY + "\n");
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString("rw-------"));
        return k;
    }

    private String refusal(Path file) {
        Exception e = assertThrows(PassFileReader.PassFileException.class, () -> PassFileReader.read(file, trust));
        assertFalse(e.getMessage().contains("Secret"), e.getMessage());
        assertTrue(e.getMessage().startsWith("passphrase file " + file), e.getMessage());
        return e.getMessage();
    }

    private void accepted(Path file) throws Exception {
        assertArrayEquals(KEY.getBytes(), PassFileReader.read(file, trust).bytes());
    }

    private static void chown(Path p, String user) throws Exception {
        UserPrincipal u = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setOwner(u);
    }

    @Test
    void aTrustedKeyDirectlyOrThroughTrustedLinksIsRead() throws Exception {
        Path k = key(tmp.resolve("etc/carpd"));
        accepted(k);
        Path rel = Files.createSymbolicLink(tmp.resolve("etc/rel.key"), Path.of("carpd/../carpd/carp0.key"));
        accepted(rel);
        Path abs = Files.createSymbolicLink(tmp.resolve("abs.key"), k);
        accepted(abs);
        accepted(tmp.resolve("etc/carpd/./../carpd/carp0.key"));
    }

    @Test
    void aDirectoryEveryoneCanWriteWithoutTheStickyBitIsRefused() throws Exception {
        Path k = key(tmp.resolve("open"));
        Files.setPosixFilePermissions(tmp.resolve("open"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertTrue(refusal(k).contains("directory " + tmp.resolve("open") + " is writable by everyone"));
        Files.setAttribute(tmp.resolve("open"), "unix:mode", 01777);
        accepted(k); // sticky, as /tmp: only the owner of an entry can replace it
    }

    @Test
    void aLinkLoopIsRefused() throws Exception {
        Path a = tmp.resolve("a");
        Files.createSymbolicLink(a, tmp.resolve("b"));
        Files.createSymbolicLink(tmp.resolve("b"), a);
        assertTrue(refusal(a).contains("too many symbolic links"));
    }

    @Test
    void aKeyOwnedByCarpdsOwnUserIsAcceptedAndByAnotherRefused() throws Exception {
        Path k = key(tmp.resolve("d"));
        trust = new KeyFileTrust(me == 0 ? Set.of(0) : Set.of(0, me));
        accepted(k);
        assumeTrue(me != 0, "as root the files are root's, whom every trust set includes");
        trust = new KeyFileTrust(Set.of(0));
        assertTrue(refusal(k).contains("is owned by uid " + me), refusal(k));
    }

    @Test
    void unprivilegedOwnershipAnywhereOnThePathIsRefused() throws Exception {
        assumeTrue(me == 0, "needs root to give files to user nobody");
        // the key itself
        Path direct = key(tmp.resolve("direct"));
        chown(direct, "nobody");
        assertTrue(refusal(direct).contains(": " + direct + " is owned by uid 65534"), refusal(direct));
        // a root-owned link to a key nobody owns
        Path viaLink = Files.createSymbolicLink(tmp.resolve("link.key"), direct);
        assertTrue(refusal(viaLink).contains("is owned by uid 65534"));
        // a link nobody owns (it could delete and recreate it in a sticky directory)
        Path good = key(tmp.resolve("good"));
        Path sticky = Files.createDirectory(tmp.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path nobodysLink = Files.createSymbolicLink(sticky.resolve("k"), good);
        chown(nobodysLink, "nobody");
        assertTrue(refusal(nobodysLink).contains(sticky.resolve("k") + " is owned by uid 65534"));
        // a root-owned key in a directory nobody owns
        Path inNobodysDir = key(tmp.resolve("nobodys"));
        chown(tmp.resolve("nobodys"), "nobody");
        assertTrue(refusal(inNobodysDir).contains(tmp.resolve("nobodys") + " is owned by uid 65534"));
        // a directory its group (not root) can write
        Path groupDir = key(tmp.resolve("grp"));
        Files.setPosixFilePermissions(tmp.resolve("grp"), PosixFilePermissions.fromString("rwxrwx---"));
        Files.setAttribute(tmp.resolve("grp"), "unix:gid", 65534);
        assertTrue(refusal(groupDir).contains("writable by group 65534"), refusal(groupDir));
        // the daemon's own user may own it
        trust = new KeyFileTrust(Set.of(0, 65534));
        accepted(direct);
        assertEquals(65534, (Integer) Files.getAttribute(direct, "unix:uid"));
    }
}
