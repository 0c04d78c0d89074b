// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.californium.elements.util.EncryptedPersistentComponentUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.fieldnode.security.store.SecureFiles;
import org.tinylog.Logger;

/**
 * Keeps the collector's DTLS connections across a restart, so that nodes go on reporting on their sessions (and
 * Connection IDs, RFC 9146) without a new handshake: saved by {@link #saveFrom} when the collector stops cleanly,
 * loaded by {@link #loadInto} at the next start.
 *
 * <p>Two files in the data directory:
 *
 * <pre>
 * dtls-state.key  16 random bytes, the AES-128 key of the state file; created on first use with mode 0600
 *                 (never logged, never printed); a key file others can read is not used
 * dtls-state      Californium's encrypted persistence (EncryptedPersistentComponentUtil with AES/GCM/NoPadding: a
 *                 header naming the cipher, a random nonce, an authentication tag) around Scandium's connection records: per connection its Connection ID,
 *                 peer address, session (PSK identity, cipher suite, master secret) and record sequence state.
 *                 Written 0600 under a temporary name, synced, renamed; read, then deleted (overwritten, and the
 *                 directory synced) before it is loaded, so a state is never loaded twice (a stale copy would
 *                 reuse record sequence numbers, i.e. AES-CCM nonces); a state that cannot be deleted is not loaded
 * </pre>
 *
 * <p>There is no periodic save: a state saved while the connector runs holds sequence numbers the connector goes on
 * using, so restoring it after a crash would send records under nonces already used with the same keys. After a
 * crash the sessions are simply gone; each node notices the missing answer and makes one new handshake (the node's
 * {@code SessionRecovery}). RFC 9146 gives the collector no way to tell a node that its Connection ID is unknown.
 *
 * Scandium files the connections under the connector's configured bind address: they are restored by a collector
 * configured with the same {@code --bind}. Only connections active in the last {@link #MAX_QUIET} are saved. A state that cannot be read (damaged, wrong
 * key, another Scandium version) is skipped with a warning: nodes then make a new handshake, nothing else is lost.
 */
final class DtlsSessionState {
    static final String STATE_FILE = "dtls-state";
    static final String KEY_FILE = "dtls-state.key";

    /** Connections silent longer than this are not saved: their node has most likely gone or will handshake. */
    static final Duration MAX_QUIET = Duration.ofDays(1);

    /** Authenticated encryption: a tampered or damaged state fails to load instead of loading garbage. */
    private static final String CIPHER = "AES/GCM/NoPadding";

    private static final int KEY_BYTES = 16;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path state;
    private final Path keyFile;

    DtlsSessionState(Path dataDir) {
        this(dataDir, STATE_FILE);
    }

    /**
     * The state of cluster member {@code nodeId}, in a file of its own ({@code dtls-state-node-N}): a Connection ID
     * carries the node id that issued it in its first byte, so connections saved by a collector serving alone, or
     * as another member, would be forwarded to the wrong member or dropped if loaded here.
     */
    static DtlsSessionState ofClusterMember(Path dataDir, int nodeId) {
        return new DtlsSessionState(dataDir, STATE_FILE + "-node-" + nodeId);
    }

    private DtlsSessionState(Path dataDir, String stateFile) {
        this.state = dataDir.resolve(stateFile);
        this.keyFile = dataDir.resolve(KEY_FILE);
    }

    /**
     * Loads saved connections into {@code connector}, which must not be started yet; the state is deleted first, so it
     * is never loaded twice. Never throws.
     */
    void loadInto(DTLSConnector connector) {
        if (!Files.isRegularFile(state)) {
            return;
        }
        byte[] saved;
        Optional<SecretKey> key;
        try {
            key = existingKey();
            saved = Files.readAllBytes(state);
        } catch (IOException | RuntimeException e) {
            Logger.warn(
                    "DTLS state {} is unreadable ({}); nodes will make new handshakes",
                    state,
                    e.getClass().getSimpleName());
            delete();
            return;
        }
        if (!delete()) {
            return;
        }
        if (key.isEmpty()) {
            Logger.warn("DTLS state {} has no usable key file {}; nodes will make new handshakes", state, keyFile);
            return;
        }
        EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil();
        util.add(connector);
        try (InputStream in = new ByteArrayInputStream(saved)) {
            int connections = util.loadComponents(in, key.get());
            if (connections > 0) {
                Logger.info("Restored {} DTLS connection(s) from {}", connections, state);
            } else {
                Logger.warn(
                        "No DTLS connection restored from {} (another --bind, damaged or another key);"
                                + " nodes will make new handshakes",
                        state);
            }
        } catch (IOException | RuntimeException e) {
            Logger.warn(
                    "DTLS state {} is unusable ({}); nodes will make new handshakes",
                    state,
                    e.getClass().getSimpleName());
        }
    }

    /** Deletes the state durably (overwritten, directory synced); false, with a warning, when that failed. */
    private boolean delete() {
        try {
            SecureFiles.shred(state);
            return true;
        } catch (IOException e) {
            Logger.warn(
                    "Could not delete the DTLS state {} ({}); not loaded, since a second load would reuse record"
                            + " sequence numbers; nodes will make new handshakes",
                    state,
                    e.getMessage());
            return false;
        }
    }

    /** Saves the connections of {@code connector}, which must be stopped. Never throws. */
    void saveFrom(DTLSConnector connector) {
        Path tmp = state.resolveSibling(state.getFileName() + ".tmp");
        try {
            SecretKey key = keyCreatingIfMissing();
            EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil(CIPHER, 128);
            util.add(connector);
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                util.saveComponents(out, key, MAX_QUIET.toSeconds());
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING);
            }
            Logger.info("Saved the DTLS connections to {}", state);
        } catch (IOException | RuntimeException e) {
            Logger.warn(
                    "Could not save the DTLS connections to {} ({}); nodes will make new handshakes",
                    state,
                    e.getMessage());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Harmless: the temporary file is never loaded.
            }
        }
    }

    private Optional<SecretKey> existingKey() throws IOException {
        if (!Files.isRegularFile(keyFile)) {
            return Optional.empty();
        }
        if (!Files.getPosixFilePermissions(keyFile).equals(OWNER_ONLY)) {
            Logger.warn("{} is readable by others than its owner; not used (chmod 600 it, or delete it)", keyFile);
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(keyFile);
        try {
            if (bytes.length != KEY_BYTES) {
                Logger.warn("{} does not hold a {}-byte key; not used", keyFile, KEY_BYTES);
                return Optional.empty();
            }
            return Optional.of(new SecretKeySpec(bytes, "AES"));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private SecretKey keyCreatingIfMissing() throws IOException {
        Optional<SecretKey> key = existingKey();
        if (key.isPresent()) {
            return key.get();
        }
        if (Files.exists(keyFile)) {
            throw new IOException(keyFile + " is not usable");
        }
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        try {
            Path tmp = keyFile.resolveSibling(KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.write(tmp, bytes, StandardOpenOption.WRITE);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                return existingKey().orElseThrow(() -> new IOException(keyFile + " is not usable"));
            }
            Logger.info("Created the DTLS state key {}", keyFile);
            return new SecretKeySpec(bytes, "AES");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
