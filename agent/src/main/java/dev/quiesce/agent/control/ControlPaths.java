package dev.quiesce.agent.control;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where a JVM's control socket lives: {@code <java.io.tmpdir>/quiesce-<user>/<pid>.sock}. The directory is the
 * access check that needs no code: it belongs to the JVM's user and only that user may enter it (0700), so
 * another user cannot even reach the socket. A directory with other permissions or another owner is refused,
 * never repaired, since someone else may have planted it.
 */
final class ControlPaths {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET = PosixFilePermissions.fromString("rw-------");

    private ControlPaths() {}

    /** The socket path for this JVM, its directory created (0700) or checked. */
    static Path socketFor(long pid) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "quiesce-" + System.getProperty("user.name"));
        ensurePrivateDirectory(dir);
        return dir.resolve(pid + ".sock");
    }

    static void ensurePrivateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(dir, OWNER_ONLY); // the umask may have taken bits away, never added
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException(dir + " is not a directory (a symbolic link or a file?); remove it so that the "
                    + "quiesce control socket can be created");
        }
        UserPrincipal me = currentUser(dir.getParent());
        if (me != null && !a.owner().equals(me)) {
            throw new IOException(dir + " belongs to " + a.owner().getName() + ", not to " + me.getName()
                    + "; refusing to put the control socket there");
        }
        if (!a.permissions().equals(OWNER_ONLY)) {
            throw new IOException(dir + " has permissions " + PosixFilePermissions.toString(a.permissions())
                    + ", expected rwx------; refusing to put the control socket there");
        }
    }

    /** The effective user, as the owner of a file this process creates; null if it cannot be found out. */
    static UserPrincipal currentUser(Path tmp) {
        Path probe = null;
        try {
            probe = Files.createTempFile(tmp, "quiesce-owner", ".tmp");
            return Files.getOwner(probe);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException e) {
                    // a stray empty temp file is harmless
                }
            }
        }
    }
}
