// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.report.coap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.californium.elements.util.EncryptedPersistentComponentUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.tinylog.Logger;

/**
 * Keeps the reporter's DTLS session across a restart, so that a node coming back (after an update, a crash or a
 * power cut with a clean shutdown before it) continues its session or resumes it with an abbreviated handshake
 * instead of a full one (RFC 6347 §4.2.4, RFC 9146 Connection ID kept).
 *
 * <p>The state holds the session's master secret, so it is encrypted (Californium's encrypted persistence, AES)
 * with a key derived from the node's own credential (HMAC-SHA256 over a fixed label): it adds no secret of its
 * own and is worthless without the credential. The file is written with mode 0600 under a temporary name,
 * synced and renamed, and deleted durably before it is loaded, so a session is never loaded twice (see
 * {@link #loadInto}).
 */
final class SessionStateFile {
    /** Sessions idle longer than this are not saved: the collector has most likely dropped them. */
    private static final Duration MAX_QUIET = Duration.ofDays(1);

    private static final byte[] LABEL =
            "fieldnode dtls session state v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path file;
    private final SecretKey key;
    private final DirectorySync directorySync;

    /**
     * For either kind of credential; in certificate mode the key is derived from the node's private key (its
     * PKCS#8 encoding), so a renewed identity cannot read the session of the old one, which is what we want.
     */
    SessionStateFile(Path file, DtlsCredentials credentials) {
        this(file, credentials, DirectorySync.FSYNC);
    }

    /** With {@code directorySync} in place of {@code fsync}, for tests that watch or break it. */
    SessionStateFile(Path file, DtlsCredentials credentials, DirectorySync directorySync) {
        this.file = file;
        this.directorySync = directorySync;
        this.key = switch (credentials) {
            case DtlsCredentials.Psk psk -> deriveKey(psk.psk().secret());
            case DtlsCredentials.Certificate certificate ->
                deriveKey(certificate.identity().privateKey().getEncoded());
        };
    }

    /** HMAC-SHA256(secret, label), cut to an AES key; overwrites {@code secret}. */
    private static SecretKey deriveKey(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] derived = mac.doFinal(LABEL);
            int bytes = EncryptedPersistentComponentUtil.DEFAULT_KEY_SIZE_BITS / 8;
            SecretKey aes = new SecretKeySpec(derived, 0, bytes, "AES");
            Arrays.fill(derived, (byte) 0);
            return aes;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Loads a saved session into {@code connector}, which must not be started yet. Never throws.
     *
     * <p>A loaded session goes on from the record sequence numbers it had when it was saved, and with AES-CCM those
     * numbers are part of the nonce (RFC 6655 §3, RFC 6347 §4.1.2.1): should the file come back after a power cut
     * and be loaded a second time, the same numbers would be used again under the same keys. So the file is read,
     * deleted and the deletion forced to the device (the directory synced) before the session reaches the
     * connector; when that cannot be made durable the session is not used and the next report starts a handshake.
     *
     * @return the number of sessions loaded
     */
    int loadInto(DTLSConnector connector) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        byte[] saved;
        try {
            saved = Files.readAllBytes(file);
            Files.delete(file);
            directorySync.force(file.toAbsolutePath().getParent());
        } catch (IOException | RuntimeException e) {
            Logger.warn(
                    "The saved DTLS session in {} was not used: its removal could not be made durable ({}); the next"
                            + " report starts a handshake",
                    file,
                    e.toString());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the warning above says enough; the file is never loaded without a durable removal
            }
            return 0;
        }
        EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil();
        util.add(connector);
        try (InputStream in = new ByteArrayInputStream(saved)) {
            int sessions = util.loadComponents(in, key);
            if (sessions > 0) {
                Logger.info("Continuing {} saved DTLS session(s) from {}", sessions, file);
            } else {
                Logger.warn("The saved DTLS session in {} could not be used; the next report starts a handshake", file);
            }
            return sessions;
        } catch (IOException | RuntimeException e) {
            Logger.warn(
                    "The saved DTLS session in {} is unusable ({}); the next report starts a handshake",
                    file,
                    e.toString());
            return 0;
        } finally {
            Arrays.fill(saved, (byte) 0);
        }
    }

    /** Saves the sessions of {@code connector}, which must be stopped. Never throws. */
    void saveFrom(DTLSConnector connector) {
        EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil();
        util.add(connector);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                util.saveComponents(out, key, MAX_QUIET.toSeconds());
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            Logger.debug("Saved the DTLS session to {}", file);
        } catch (IOException | RuntimeException e) {
            Logger.warn(
                    "Could not save the DTLS session to {} ({}); the next start needs a handshake", file, e.toString());
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Nothing more to do: the temporary file is harmless.
            }
        }
    }

    /** Forces a directory's entries to the device: what makes a deletion survive a power cut. */
    @FunctionalInterface
    interface DirectorySync {
        void force(Path directory) throws IOException;

        /** {@code fsync} on the directory. */
        DirectorySync FSYNC = directory -> {
            try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                channel.force(true);
            }
        };
    }
}
