// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.fieldnode.security.identity.NodeId;
import org.tinylog.Logger;

/**
 * The default {@link WrappingKeySource}: 32 random bytes in a file only its owner can read (by default
 * {@value #DEFAULT_PATH}, owned by the service user, mode 0600). Created on first use from the non-blocking secure
 * random source, written atomically with mode 0600 from the start. A file that group or others can access is
 * refused rather than used (SECURITY R9).
 *
 * <p>Byte layout: exactly 32 bytes of key, nothing else (no header, no newline).
 */
public final class WrappingKeyFile implements WrappingKeySource {
    /** The default location: root-owned directory, file readable by the service user only. */
    public static final String DEFAULT_PATH = "/etc/fieldnode/wrapping.key";

    private final Path file;

    public WrappingKeyFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The file at {@value #DEFAULT_PATH}. */
    public static WrappingKeyFile atDefaultPath() {
        return new WrappingKeyFile(Path.of(DEFAULT_PATH));
    }

    @Override
    public byte[] wrappingKey() throws KeystoreException {
        if (!Files.exists(file)) {
            create();
        }
        SecureFiles.requireOwnerOnly(file, "wrapping key");
        byte[] key;
        try {
            key = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeystoreException(file + ": wrapping key disappeared while reading it");
        } catch (IOException e) {
            throw new KeystoreException(file + ": cannot read the wrapping key ("
                    + e.getClass().getSimpleName() + "); is the service " + "running as the file's owner?");
        }
        if (key.length != KEY_BYTES) {
            int length = key.length;
            Arrays.fill(key, (byte) 0);
            throw new KeystoreException(file + ": wrapping key must be exactly " + KEY_BYTES + " bytes, found " + length
                    + "; it is damaged (a factory reset makes a new one)");
        }
        return key;
    }

    private void create() throws KeystoreException {
        byte[] key = new byte[KEY_BYTES];
        NodeId.nonBlockingRandom().nextBytes(key);
        try {
            SecureFiles.writeAtomically(file, key);
            Logger.info("wrapping key created: file={}", file);
        } catch (IOException e) {
            throw new KeystoreException(file + ": cannot create the wrapping key ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void destroy() throws KeystoreException {
        try {
            SecureFiles.shred(file);
        } catch (IOException e) {
            throw new KeystoreException(
                    file + ": cannot destroy the wrapping key (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public String toString() {
        return "WrappingKeyFile[" + file + "]";
    }
}
