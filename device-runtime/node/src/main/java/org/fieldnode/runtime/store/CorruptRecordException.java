// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.runtime.store;

/** A record whose checksum matched but whose content does not decode; it is skipped and counted like damage. */
final class CorruptRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
        super(message, null, false, false);
    }
}
