// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

/**
 * Where the keystore's wrapping key comes from: a device-unique secret that never leaves this device (SECURITY
 * R9). The default is a root-only file ({@link WrappingKeyFile}); a TPM, secure element or SoC key-derivation
 * service can implement the same port.
 */
public interface WrappingKeySource {
    /** Length of a wrapping key: 256 bits. */
    int KEY_BYTES = 32;

    /**
     * The 32-byte wrapping key, created on first use where the source can create one. The caller overwrites the
     * returned copy when done.
     *
     * @throws KeystoreException when the key is missing and cannot be made, or its storage is not private
     */
    byte[] wrappingKey() throws KeystoreException;

    /** Destroys the key (crypto-erase, R12): everything wrapped with it becomes unreadable. Idempotent. */
    void destroy() throws KeystoreException;

    /** Where the key lives, for operator messages (a path, or a device name); never the key. */
    String describe();
}
