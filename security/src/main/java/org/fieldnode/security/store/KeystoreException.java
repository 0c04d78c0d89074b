// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.security.store;

/**
 * The keystore or its wrapping key cannot be used. The message is one line for an operator: it names the file
 * and what to do, and never carries key material (SECURITY R11). Nothing was changed on disk when this is thrown.
 */
public final class KeystoreException extends Exception {
    public KeystoreException(String message) {
        super(message);
    }
}
