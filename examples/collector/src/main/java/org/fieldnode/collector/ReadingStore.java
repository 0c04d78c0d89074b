// SPDX-License-Identifier: Apache-2.0
package org.fieldnode.collector;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The collector's readings, in memory (the SQLite store replaces it later). Thread-safe. A batch is stored whole
 * or not at all, and at most once per (device, sequence): a node that retransmits a batch whose acknowledgement
 * it lost changes nothing here.
 */
public final class ReadingStore {
    private record BatchKey(String device, long sequence) {}

    private final List<StoredReading> readings = new ArrayList<>();
    private final Set<BatchKey> batches = new HashSet<>();

    ReadingStore() {}

    /**
     * Stores one batch atomically.
     *
     * @return {@code false}, storing nothing, when this device's batch {@code sequence} is already stored
     */
    synchronized boolean storeBatch(String device, long sequence, List<StoredReading> batch) {
        if (!batches.add(new BatchKey(device, sequence))) {
            return false;
        }
        readings.addAll(batch);
        return true;
    }

    /** A snapshot of every stored reading, in the order stored. */
    public synchronized List<StoredReading> all() {
        return List.copyOf(readings);
    }

    /** How many readings are stored. */
    public synchronized int size() {
        return readings.size();
    }
}
