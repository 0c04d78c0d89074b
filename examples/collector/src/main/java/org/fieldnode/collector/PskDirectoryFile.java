// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fieldnode.security.psk.PskCredential;

/**
 * Reads the collector's list of nodes from a text file, until enrolled certificates replace pre-shared keys. One
 * node per line, {@code identity=hexkey}; blank lines and lines starting with {@code #} are skipped:
 *
 * <pre>
 * # fieldnode collector: nodes allowed to report (chmod 600)
 * fieldnode-3f9c0a1b2c3d4e5f=8c1f...(32 to 128 hex digits)
 * </pre>
 *
 * The identity is everything before the last {@code =} (an identity may itself hold one; a hex key never does).
 * The file must be readable by its owner only (mode 0600, SECURITY R9): otherwise it is refused, not used. An
 * identity that another credential of the collector holds (an enrolled node's id, a bundle's device name, the
 * {@code enrol-} prefix of enrolment credentials) is refused too: PSK identities, node ids and device names are one
 * namespace (SECURITY R8). Errors name the file and line but never echo a key.
 */
public final class PskDirectoryFile {
    /** The file name in the collector's data directory. */
    public static final String FILE_NAME = "psk-directory";

    private PskDirectoryFile() {}

    /** Says which credential, if any, already holds a name (SECURITY R8). */
    @FunctionalInterface
    public interface HeldNames {
        /** Why {@code identity} may not be a PSK node's, or empty when it is free. */
        Optional<String> conflict(String identity) throws StoreException;
    }

    /**
     * Reads {@code file} without checking its identities against other credentials.
     *
     * @throws PskDirectoryException with one line saying what is wrong and how to fix it
     */
    public static InMemoryPskDirectory read(Path file) throws PskDirectoryException {
        return read(file, identity -> Optional.empty());
    }

    /**
     * Reads {@code file}; an identity {@code held} names a conflict for is refused with the file and line.
     *
     * @throws PskDirectoryException with one line saying what is wrong and how to fix it
     */
    public static InMemoryPskDirectory read(Path file, HeldNames held) throws PskDirectoryException {
        if (!Files.isRegularFile(file)) {
            throw new PskDirectoryException(file + ": no PSK directory; create it with one identity=hexkey line per"
                    + " node, then: chmod 600 " + file);
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"))) {
                throw new PskDirectoryException(file + ": other users can read these keys; run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new PskDirectoryException(
                    file + ": cannot check permissions (" + e.getClass().getSimpleName() + ")");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PskDirectoryException(
                    file + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        InMemoryPskDirectory directory = new InMemoryPskDirectory();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String at = file + ":" + (i + 1) + ": ";
            int eq = line.lastIndexOf('=');
            if (eq <= 0) {
                throw new PskDirectoryException(at + "expected identity=hexkey");
            }
            String identity = line.substring(0, eq).strip();
            if (!seen.add(identity)) {
                throw new PskDirectoryException(at + "identity " + Printable.of(identity) + " is listed twice");
            }
            Optional<String> conflict;
            try {
                conflict = held.conflict(identity);
            } catch (StoreException e) {
                throw new PskDirectoryException(at + "cannot check the identity: " + e.getMessage());
            }
            if (conflict.isPresent()) {
                throw new PskDirectoryException(at + conflict.get() + "; remove the line or use another identity");
            }
            byte[] key;
            try {
                key = HexFormat.of().parseHex(line.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new PskDirectoryException(at + "the key must be an even number of hex digits");
            }
            try {
                directory.add(new PskCredential(identity, key));
            } catch (IllegalArgumentException e) {
                throw new PskDirectoryException(at + e.getMessage());
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        return directory;
    }

    /** A PSK directory file that cannot be used; the message is one line for an operator. */
    public static final class PskDirectoryException extends Exception {
        public PskDirectoryException(String message) {
            super(message);
        }
    }
}
