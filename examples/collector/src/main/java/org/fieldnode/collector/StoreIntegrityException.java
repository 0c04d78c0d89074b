// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

/**
 * What the store holds is damaged: a stored reading no longer matches the digest kept with it, or the database file
 * is corrupt. Nothing was stored; the operator must act (SECURITY R29 integrity event), and the node keeps its batch
 * and sends it again later.
 */
public final class StoreIntegrityException extends StoreException {
    public StoreIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreIntegrityException(String message) {
        super(message);
    }
}
