// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.protocol.senml;

/**
 * A SenML payload that fieldnode refuses. The message is one line that names where the problem is, as
 * {@code payload: ...} for the pack as a whole or {@code record N: ...} for the record at index N (counted from
 * 0), e.g. {@code record 2: "v" must be a number}. Strings taken from the payload are quoted with control and
 * non-ASCII characters escaped and are shortened, so the message is safe to log and to send back to a peer.
 */
public final class SenmlException extends Exception {
    SenmlException(String message) {
        super(message);
    }

    static SenmlException inPayload(String problem) {
        return new SenmlException("payload: " + problem);
    }

    static SenmlException inRecord(int index, String problem) {
        return new SenmlException("record " + index + ": " + problem);
    }
}
