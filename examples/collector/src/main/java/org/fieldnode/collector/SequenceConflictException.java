// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

/**
 * A batch holds a reading under a (device, sequence), or for a client without sequence numbers under a (device,
 * series, time), that was stored before with other content (SECURITY R28):
 * nothing of the batch was stored, and it must never be acknowledged as stored, since the node would then drop
 * readings the collector does not have. The collector answers 4.09 Conflict and records an integrity event.
 */
public final class SequenceConflictException extends StoreException {
    private final String device;
    private final long sequence;

    public SequenceConflictException(String device, long sequence) {
        super((sequence == StoredReading.NO_SEQUENCE
                        ? "a reading of " + device + " (no sequence) with this series and time"
                        : "reading " + sequence + " of " + device)
                + " was stored before with other content; batch not stored");
        this.device = device;
        this.sequence = sequence;
    }

    /** The device whose batch conflicts. */
    public String device() {
        return device;
    }

    /** The first sequence number in the batch whose stored reading differs. */
    public long sequence() {
        return sequence;
    }
}
