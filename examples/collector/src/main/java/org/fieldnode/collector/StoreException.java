// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.io.IOException;

/**
 * The collector's store could not do what was asked (disk full, file locked, corrupt database). Whatever the
 * operation was, it changed nothing: a failed {@link ReadingStore#storeNew} stored none of its batch. The message
 * is one line for an operator and never holds reading values or secrets. Two kinds say more: {@link
 * SequenceConflictException} (the batch contradicts what is stored) and {@link StoreIntegrityException} (what is
 * stored is damaged).
 */
public sealed class StoreException extends IOException permits SequenceConflictException, StoreIntegrityException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
