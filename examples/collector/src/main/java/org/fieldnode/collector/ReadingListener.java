// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

/**
 * Told about every reading the collector stored, once per reading, after its whole batch was committed. Called on
 * the collector's commit thread before the node gets its acknowledgement: keep it short, since the next group
 * commit waits for it. An exception is logged and otherwise
 * ignored; the batch stays stored.
 */
@FunctionalInterface
public interface ReadingListener {
    void stored(StoredReading reading);

    /** A listener that does nothing. */
    static ReadingListener none() {
        return reading -> {};
    }
}
