package dev.quiesce.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPathsTest {
    @TempDir
    Path tmp;

    @Test
    void theDirectoryIsCreatedForTheOwnerOnly() throws IOException {
        Path dir = tmp.resolve("quiesce-me");
        ControlPaths.ensurePrivateDirectory(dir);
        assertEquals(ControlPaths.OWNER_ONLY, Files.getPosixFilePermissions(dir));
        ControlPaths.ensurePrivateDirectory(dir); // again: accepted as it is
    }

    @Test
    void aDirectoryOthersCanEnterIsRefusedNotRepaired() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException e = assertThrows(IOException.class, () -> ControlPaths.ensurePrivateDirectory(dir));
        assertTrue(e.getMessage().contains("rwxr-xr-x"), e.getMessage());
        assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(dir));
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"),
                PosixFilePermissions.asFileAttribute(ControlPaths.OWNER_ONLY));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        IOException e = assertThrows(IOException.class, () -> ControlPaths.ensurePrivateDirectory(link));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
    }
}
